import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requireSuccessResponseSchema, successResponseCodes } from './response-schemas.ts';

describe('requireSuccessResponseSchema', () => {
  const app = () => {
    const a = Fastify();
    a.setValidatorCompiler(validatorCompiler);
    a.setSerializerCompiler(serializerCompiler);
    a.addHook('onRoute', requireSuccessResponseSchema);
    return a;
  };

  it('refuses an API route without a response schema, naming it', () => {
    expect(() => app().get('/api/admin/new', async () => ({}))).toThrow(/GET \/api\/admin\/new declares no response schema/);
  });

  it('refuses an API route whose response schema lists only errors', () => {
    expect(() => app().get('/api/admin/new', { schema: { response: { 404: z.object({}) } } }, async () => ({}))).toThrow(
      /no response schema/,
    );
  });

  it('accepts a 2xx schema, a content-typed 2xx and a redirect; leaves routes outside the API alone', () => {
    const a = app();
    expect(() =>
      a.get('/api/admin/json', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({ ok: true })),
    ).not.toThrow();
    expect(() =>
      a.get('/api/admin/csv', { schema: { response: { 200: { content: { 'text/csv': { schema: z.string() } } } } } }, async () => ''),
    ).not.toThrow();
    expect(() => a.get('/api/auth/go', { schema: { response: { 302: z.null() } } }, async () => null)).not.toThrow();
    expect(() => a.get('/healthz', async () => ({}))).not.toThrow();
  });

  it('counts 2xx and 3xx codes only', () => {
    expect(successResponseCodes({ 200: {}, 201: {}, '2XX': {}, 302: {}, 400: {}, default: {} })).toEqual(['200', '201', '302', '2XX']);
    expect(successResponseCodes(undefined)).toEqual([]);
  });
});
