import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { receiveFile } from './uploads.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A multipart/form-data body as a browser would send it (built by the platform's own FormData). */
async function form(parts: { name: string; value: string | { bytes: Uint8Array; type: string; filename: string } }[]) {
  const data = new FormData();
  for (const p of parts) {
    if (typeof p.value === 'string') data.append(p.name, p.value);
    else data.append(p.name, new Blob([new Uint8Array(p.value.bytes)], { type: p.value.type }), p.value.filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

const csv = (bytes: Uint8Array, filename = 'tjenester.csv') => ({ bytes, type: 'text/csv', filename });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(testDatabaseKinds())('file uploads on %s', (kind) => {
  let t: TestApp;
  let uploadDir: string;
  /** Paths the test routes' handlers saw, to check they are gone afterwards. */
  const seenPaths: string[] = [];
  let handlerCalls = 0;

  // Test-only routes on the real application: a small CSV import (1 KiB) and a larger one (4 MiB,
  // above the 256 KiB JSON body limit), each streaming to a directory the test can look into.
  const received = z.object({
    bytes: z.number(),
    sha256: z.string(),
    filename: z.string(),
    mediaType: z.string(),
    fields: z.record(z.string(), z.string()),
  });
  function testRoutes(app: FastifyInstance) {
    for (const [url, maxBytes] of [
      ['/api/test/upload-small', KiB],
      ['/api/test/upload-large', 4 * MiB],
    ] as const) {
      app.post(url, { config: { access: 'public' }, schema: { hide: true, response: { 200: received } } }, async (request) =>
        receiveFile(request, { maxBytes, mediaTypes: ['text/csv', XLSX], tmpDir: uploadDir }, async (file) => {
          handlerCalls += 1;
          seenPaths.push(file.path);
          const bytes = await readFile(file.path);
          return { bytes: file.bytes, sha256: sha256(bytes), filename: file.filename, mediaType: file.mediaType, fields: file.fields };
        }),
      );
    }
  }

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'veiviser-upload-test-'));
    t = await createTestApp(kind, { testRoutes });
  });
  afterAll(async () => {
    await t?.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  const post = async (url: string, body: { payload: Buffer; headers: Record<string, string> }) =>
    t.app.inject({ method: 'POST', url, ...body });
  const nothingLeft = async () => expect(await readdir(uploadDir)).toEqual([]);
  const expectProblem = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.json<{ status: number; title: string; detail: string; errors?: { field: string; message: string }[] }>();
  };

  it('delivers a file under the limit intact with the form fields, and removes it after the handler', async () => {
    const bytes = randomBytes(1000);
    const body = await form([
      { name: 'source', value: 'bydel Alna' },
      { name: 'file', value: csv(bytes) },
    ]);
    const response = await post('/api/test/upload-small', body);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      bytes: 1000,
      sha256: sha256(bytes),
      filename: 'tjenester.csv',
      mediaType: 'text/csv',
      fields: { source: 'bydel Alna' },
    });
    expect(existsSync(seenPaths.at(-1)!)).toBe(false);
    await nothingLeft();
  });

  it('accepts a file of exactly the limit', async () => {
    const bytes = randomBytes(KiB);
    const response = await post('/api/test/upload-small', await form([{ name: 'file', value: csv(bytes) }]));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ bytes: KiB, sha256: sha256(bytes) });
  });

  it('refuses a file one byte over the limit, or far over it, with 413 problem+json naming the field, and keeps nothing', async () => {
    const calls = handlerCalls;
    for (const size of [KiB + 1, 3 * MiB]) {
      const response = await post('/api/test/upload-small', await form([{ name: 'file', value: csv(randomBytes(size)) }]));
      const problem = expectProblem(response, 413);
      expect(problem).toMatchObject({ status: 413, title: 'Content Too Large' });
      expect(problem.detail).toBe('file: the file is larger than the limit of 1 KiB');
      expect(problem.errors).toEqual([{ field: 'file', message: 'must be at most 1 KiB' }]);
      await nothingLeft();
    }
    expect(handlerCalls).toBe(calls);
  });

  it('takes a file larger than the JSON body limit on a route that allows it', async () => {
    const bytes = randomBytes(3 * MiB);
    const response = await post('/api/test/upload-large', await form([{ name: 'file', value: csv(bytes, 'stor.csv') }]));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ bytes: 3 * MiB, sha256: sha256(bytes) });
    await nothingLeft();
  });

  it('refuses a file of another type with 415, and a request that is not multipart with 415', async () => {
    const pdf = { bytes: randomBytes(10), type: 'application/pdf', filename: 'vedtak.pdf' };
    const wrongType = expectProblem(await post('/api/test/upload-small', await form([{ name: 'file', value: pdf }])), 415);
    expect(wrongType.detail).toMatch(/^file: application\/pdf is not accepted/);
    expect(wrongType.errors?.map((e) => e.field)).toEqual(['file']);
    const json = await t.app.inject({ method: 'POST', url: '/api/test/upload-small', payload: { file: 'not a file' } });
    expect(expectProblem(json, 415).detail).toBe('file: send the file as multipart/form-data');
    await nothingLeft();
  });

  it('refuses a form without the file with 400 naming the field, and a second file with 413', async () => {
    const missing = expectProblem(await post('/api/test/upload-small', await form([{ name: 'source', value: 'no file here' }])), 400);
    expect(missing.errors).toEqual([{ field: 'file', message: 'is required: attach a file' }]);
    const twoFiles = await form([
      { name: 'file', value: csv(randomBytes(10)) },
      { name: 'file', value: csv(randomBytes(10), 'to.csv') },
    ]);
    const two = await post('/api/test/upload-small', twoFiles);
    expect(expectProblem(two, 413).detail).toBe('send one file only');
    await nothingLeft();
  });

  it('still refuses a JSON body over the global limit with 413 problem+json', async () => {
    const payload = { email: 'a@b.no', password: 'x'.repeat(300 * KiB) };
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
    const problem = expectProblem(response, 413);
    expect(problem).toMatchObject({ status: 413, title: 'Content Too Large' });
  });
});
