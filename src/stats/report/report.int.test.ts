import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../../test/test-app.ts';
import { REPORT_CHAPTERS, REPORT_INDICATORS } from './report-outline.ts';
import type { ReportStatus } from './report.schemas.ts';

/** Every text item of every page of a PDF, and whether it is tagged. */
async function readPdf(bytes: Uint8Array) {
  const doc = await getDocument({ data: bytes, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  const roles = new Set<string>();
  const walk = (node: { role?: string; children?: unknown[] }) => {
    if (node.role) roles.add(node.role);
    for (const child of node.children ?? []) walk(child as { role?: string; children?: unknown[] });
  };
  walk(await (await doc.getPage(3)).getStructTree());
  const markInfo = await doc.getMarkInfo();
  const outline = await doc.getOutline();
  await doc.destroy();
  return { pages, tagged: markInfo?.Marked === true, roles, outline: outline ?? [] };
}

describe.each(testDatabaseKinds())('the statistics report on %s', (kind) => {
  let t: TestApp;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    analyst = (await signIn(t, ['analyst'])).headers;
    await t.jobs.start();
  });
  afterAll(async () => t?.close());

  const status = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/stats/reports/${id}` })).json<ReportStatus>();

  it('builds HTML and a tagged PDF from the release, showing its progress, and publishes both', async () => {
    const started = await t.app.inject({ method: 'POST', url: '/api/stats/reports', headers: analyst, payload: { lang: 'nb' } });
    expect(started.statusCode, started.body).toBe(202);
    const build = started.json<ReportStatus>();
    expect(started.headers.location).toBe(`/api/stats/reports/${build.id}`);
    expect(build).toMatchObject({ state: 'queued', lang: 'nb', releaseId: '1', files: null });

    const early = await t.app.inject({ method: 'GET', url: `/api/stats/reports/${build.id}/report.pdf` });
    expect(early.statusCode).toBe(409);

    const seen = new Set<number>();
    let current = build;
    const deadline = Date.now() + 90_000;
    while (current.state === 'queued' || current.state === 'running') {
      if (Date.now() > deadline) throw new Error(`the build did not finish: ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = await status(build.id);
      if (current.state === 'running') seen.add(current.progress.step);
    }
    expect(current.error).toBeNull();
    expect(current.state).toBe('done');
    expect(current.progress).toMatchObject({ step: REPORT_INDICATORS.length + 2, steps: REPORT_INDICATORS.length + 2 });
    // Printing takes seconds: a reader polling the status sees the build at its last step, 'pdf'.
    expect([...seen], 'progress was seen while it built').toContain(REPORT_INDICATORS.length + 1);
    expect(current.files).toEqual({ html: `/api/stats/reports/${build.id}/report.html`, pdf: `/api/stats/reports/${build.id}/report.pdf` });

    const html = await t.app.inject({ method: 'GET', url: current.files!.html });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    for (const chapter of REPORT_CHAPTERS) expect(html.body).toContain(`>${chapter.title.nb}</a>`);
    expect(html.body).toContain('<html lang="nb">');
    // The published numbers, as the public API has them: Sagene's GP patients per 1,000 adults.
    const api = await t.app.inject({ method: 'GET', url: '/api/stats/indicators/gp_patients_substance_per_1000_adults?district=sagene' });
    const sagene = api.json<{ value: number[] }>().value.at(-1)!;
    expect(html.body).toContain(`<th scope="row">Sagene</th><td>${sagene.toFixed(1).replace('.', ',')}</td>`);
    expect(html.body).toContain('Datakvalitet: avvik i kildene');
    expect(html.body).toMatch(/<li id="finding-1"><strong>A1<\/strong>/);

    const pdf = await t.app.inject({ method: 'GET', url: current.files!.pdf });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = new Uint8Array(pdf.rawPayload);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const read = await readPdf(bytes);
    expect(read.tagged).toBe(true);
    expect(read.roles).toContain('H2');
    expect(read.roles).toContain('Table');
    expect(read.outline.length).toBeGreaterThan(0);
    const text = read.pages.join(' ');
    expect(text).toContain('Helhetlig russtatistikk for Oslo');
    expect(text).toContain('Bydelene i tall');
    expect(text).toContain('Søndre Nordstrand');
    expect(read.pages.length).toBeGreaterThan(10);

    const latest = await t.app.inject({ method: 'GET', url: '/api/stats/reports/latest?lang=nb' });
    expect(latest.statusCode).toBe(200);
    expect(latest.json<ReportStatus>().id).toBe(build.id);
    const list = await t.app.inject({ method: 'GET', url: '/api/stats/reports' });
    expect(list.json<{ reports: ReportStatus[] }>().reports.map((r) => r.id)).toContain(build.id);
  });

  it('builds the English report with English headings', async () => {
    const started = await t.app.inject({ method: 'POST', url: '/api/stats/reports', headers: analyst, payload: { lang: 'en' } });
    const id = started.json<ReportStatus>().id;
    let current = await status(id);
    while (current.state === 'queued' || current.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = await status(id);
    }
    expect(current.state).toBe('done');
    const html = await t.app.inject({ method: 'GET', url: `/api/stats/reports/${id}/report.html` });
    expect(html.body).toContain('<html lang="en">');
    expect(html.body).toContain('The districts in figures');
    expect(html.body).not.toContain('Bydelene i tall');
  });

  it('refuses what it cannot do, clearly', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/stats/reports', payload: { lang: 'nb' } });
    expect(anonymous.statusCode).toBe(401);
    const caseworker = (await signIn(t, ['district_caseworker'], { districts: ['sagene'] })).headers;
    const forbidden = await t.app.inject({ method: 'POST', url: '/api/stats/reports', headers: caseworker, payload: { lang: 'nb' } });
    expect(forbidden.statusCode).toBe(403);
    const badLang = await t.app.inject({ method: 'POST', url: '/api/stats/reports', headers: analyst, payload: { lang: 'de' } });
    expect(badLang.statusCode).toBe(400);
    expect(badLang.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('lang');
    const unknownRelease = await t.app.inject({
      method: 'POST',
      url: '/api/stats/reports',
      headers: analyst,
      payload: { release: 'r-999' },
    });
    expect(unknownRelease.statusCode).toBe(404);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/stats/reports/7b0c3a2e-1d55-4a43-9a1f-9d2f1f0b8c11' });
    expect(unknown.statusCode).toBe(404);
    const notAnId = await t.app.inject({ method: 'GET', url: '/api/stats/reports/abc/report.pdf' });
    expect(notAnId.statusCode).toBe(400);
  });
});
