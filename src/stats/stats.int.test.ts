import JSONstat from 'jsonstat-toolkit';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { jsonStatDatasetValidator } from '../../test/jsonstat-schema.ts';
import { PUBLIC_RATE_LIMITS } from '../platform/rate-limits.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import { SEED_FILES, seedStatistics } from './seed.ts';
import type { ImportReport, IndicatorList, JsonStatDataset, ReleaseChangesAnswer, ReleaseCreated } from './stats.schemas.ts';

type Headers = Record<string, string>;

/** A multipart/form-data body as a browser sends it (built by the platform's own FormData). */
async function form(fields: Record<string, string>, file: { bytes: Uint8Array; type: string; filename: string }) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  data.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.filename);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FIELDS = { layout: 'fig09', sourceSystem: 'Boligbehovskartlegging (Excel)', source: 'Test av import', extractionDate: '2026-12-01' };
const HEADER = 'district,row_type,rus_2020,rop_2020,total_2020,rus_2022,rop_2022,total_2022,rus_2024,rop_2024,total_2024';
const utf8 = (text: string) => new TextEncoder().encode(text);
const csvFile = (bytes: Uint8Array) => ({ bytes, type: 'text/csv', filename: 'boligbehov.csv' });

describe.each(testDatabaseKinds())('statistics on %s', (kind) => {
  let t: TestApp;
  let analyst: Headers;
  beforeAll(async () => {
    t = await createTestApp(kind);
    analyst = (await signIn(t, ['analyst'])).headers;
  });
  afterAll(async () => t?.close());

  const dataset = async (url: string) => {
    const response = await t.app.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<JsonStatDataset>();
  };
  const upload = async (fields: Record<string, string>, file: { bytes: Uint8Array; type: string; filename: string }) => {
    const body = await form(fields, file);
    return t.app.inject({ method: 'POST', url: '/api/stats/imports', headers: { ...analyst, ...body.headers }, payload: body.payload });
  };
  const observationCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('stats_observation')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a fresh install holds the published tables, and seeding again imports nothing', async () => {
    const imports = await t.db
      .selectFrom('stats_import')
      .select(['layout_id', 'seed', 'source_system', 'period_from', 'period_to'])
      .execute();
    expect(imports.length).toBe(SEED_FILES.length);
    expect(imports.every((i) => i.seed)).toBe(true);
    expect(imports.find((i) => i.layout_id === 'fig59')).toMatchObject({ period_from: '2019', period_to: '2023' });
    expect(await seedStatistics(t.db)).toEqual({ imported: 0, release: null });
  });

  it('publishes the catalogue without sign-in', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/stats/indicators' });
    expect(response.statusCode).toBe(200);
    const ids = response.json<IndicatorList>().indicators.map((i) => i.id);
    expect(ids).toContain('gp_patients_substance_per_1000_adults');
    expect(ids).toContain('stays_over_normed_length');
  });

  it('answers a JSON-stat 2.0 dataset that validates against the schema and loads in jsonstat-toolkit', async () => {
    const body = await dataset('/api/stats/indicators/gp_patients_substance_per_1000_adults');
    const validate = jsonStatDatasetValidator();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    // The toolkit rewrites the object it is given: hand it a copy.
    const ds = JSONstat(structuredClone(body));
    expect(ds.class).toBe('dataset');
    expect(body.role).toEqual({ time: ['period'], geo: ['district'] });
    expect(ds.Dimension('district')!.Category('oslo')!.label).toBe('Oslo');
    expect(ds.Dimension('district')!.Category('st-hanshaugen')!.label).toBe('St. Hanshaugen');
    // Alna: 378 GP patients over 40,126 adults.
    expect(ds.Data({ district: 'alna', period: '2024' })!.value).toBe(9.4);
    const alna = body.extension.cells[body.dimension.district!.category.index.indexOf('alna')]!;
    expect(alna).toMatchObject({ numerator: 378, denominator: 40126, derivation: 'computed', denominatorPeriod: '2025' });
    // Oslo: the stated 5,405 over 592,216, and the finding that the boxes sum to 5,389.
    const osloIndex = body.dimension.district!.category.index.indexOf('oslo');
    expect(body.value[osloIndex]).toBe(9.1);
    expect(body.extension.findings.map((f) => f.message.en).join(' ')).toContain('5,389');
    expect(body.extension.imports.map((i) => i.sourceSystem)).toContain('RS2025 (PDF report), extracted to CSV');
  });

  it('answers every indicator of the catalogue as a valid JSON-stat dataset', async () => {
    const validate = jsonStatDatasetValidator();
    const { indicators } = (await t.app.inject({ method: 'GET', url: '/api/stats/indicators' })).json<IndicatorList>();
    const invalid: string[] = [];
    for (const indicator of indicators) {
      const body = await dataset(`/api/stats/indicators/${indicator.id}?lang=en`);
      if (!validate(body)) invalid.push(`${indicator.id}: ${JSON.stringify(validate.errors).slice(0, 200)}`);
      expect(body.value.length, indicator.id).toBe(body.size.reduce((a, b) => a * b, 1));
    }
    expect(invalid).toEqual([]);
  });

  it('keeps published numbers as published, suppression in status, and filters by period and district', async () => {
    const body = await dataset('/api/stats/indicators/fig10_g3_small_house_no_staff_base_screened?district=alna,oslo');
    expect(body.dimension.district!.category.index).toEqual(['alna', 'oslo']);
    expect(body.value).toEqual([null, 10]);
    expect(body.status).toEqual({ '0': '..' });
    const rates = await dataset('/api/stats/indicators/fig07_gps_per_1000_residents?district=alna&period=2023');
    expect(rates.value).toEqual([0.87]);
    const ds = JSONstat(await dataset('/api/stats/indicators/fig53_mean_score'));
    expect(ds.Data({ district: 'nordre-aker', period: '2021' })).toMatchObject({ value: null, status: '.' });
  });

  it('records the report’s inconsistencies as findings beside the numbers, never correcting them', async () => {
    const staff = await dataset('/api/stats/indicators/staff_years_adults_per_10000?period=2023');
    const kinds = staff.extension.findings.map((f) => f.kind);
    expect(kinds.filter((k) => k === 'scale_mismatch').length).toBe(15);
    const tsb = await dataset('/api/stats/indicators/tsb_patients_per_1000_adults');
    const sondre = tsb.extension.findings.find((f) => f.area === 'sondre-nordstrand')!;
    expect(sondre.values).toMatchObject({ value: 299, otherStatement: 399 });
    const fig59 = await dataset('/api/stats/indicators/fig59_staff_years?period=2019');
    expect(fig59.extension.findings.map((f) => f.area).sort()).toEqual(['districts_total', 'oslo']);
    const i = fig59.dimension.district!.category.index.indexOf('districts_total');
    expect(fig59.value[i]).toBe(1000);
    expect(fig59.extension.cells[i]!.findings.length).toBe(1);
  });

  it('answers an indicator without data with every value missing and the reason', async () => {
    const body = await dataset('/api/stats/indicators/stays_over_normed_length');
    expect(body.value).toEqual([null]);
    expect(body.status).toEqual({ '0': '.' });
    expect(body.extension.cells[0]!.reason).toBe('no import of this table yet');
    expect((await t.app.inject({ method: 'GET', url: '/api/stats/indicators/no_such' })).statusCode).toBe(404);
  });

  it('downloads a dataset as CSV and XLSX with the same numbers', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/stats/indicators/housing_need_households/download?format=csv&district=alna',
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[1]).toMatch(/^alna,Alna,2020,33,/);
    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/stats/indicators/housing_need_households/download?format=xlsx&district=alna',
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('data')!.getRow(2).getCell(4).value).toBe(33);
  });

  it('imports a valid CSV in one go, with source system, extraction date and period coverage; new numbers replace old', async () => {
    const rows = [HEADER, 'Alna,district,1,2,3,4,5,9,0,7,7'];
    const response = await upload(FIELDS, csvFile(utf8(rows.join('\n'))));
    expect(response.statusCode, response.body).toBe(201);
    const report = response.json<ImportReport>();
    expect(report).toMatchObject({ stored: true, rowCount: 1, observationCount: 9 });
    expect(report.import).toMatchObject({
      sourceSystem: 'Boligbehovskartlegging (Excel)',
      extractionDate: '2026-12-01',
      periodFrom: '2020',
      periodTo: '2024',
    });
    const url = '/api/stats/indicators/fig09_rus?district=alna,bjerke&period=2024';
    // Published numbers come from a release: the import changes nothing until the next one.
    const before = await dataset(url);
    expect(before.value).toEqual([29, 18]);
    const made = await t.app.inject({ method: 'POST', url: '/api/stats/releases', headers: analyst });
    expect(made.statusCode, made.body).toBe(201);
    const release = made.json<ReleaseCreated>().release;
    expect(release).toMatchObject({ previousId: before.extension.release.id, createdBy: expect.any(String) });
    expect(release.audit).toMatchObject({ ok: true, failed: [] });
    const body = await dataset(url);
    // Alna's 0 households is a true zero: published (the disclosure engine suppresses 1–4, docs/disclosure.md).
    // Districts come in SSB's order: Bjerke (030109) before Alna (030112).
    expect(body.value).toEqual([29, 0]);
    expect(body.extension.release.id).toBe(release.id);
    expect(body.extension.cells[1]).toMatchObject({ importId: report.import!.id, numerator: 0 });
    expect(body.extension.cells[0]!.importId).not.toBe(report.import!.id);
    // The earlier release still answers with its own numbers.
    expect((await dataset(`${url}&release=${before.extension.release.id}`)).value).toEqual([29, 18]);
    const changes = await t.app.inject({ method: 'GET', url: `/api/stats/releases/${release.id}/changes` });
    expect(changes.statusCode, changes.body).toBe(200);
    const answer = changes.json<ReleaseChangesAnswer>();
    expect(answer).toMatchObject({ release: release.id, previous: before.extension.release.id, indicatorsAdded: [] });
    expect(answer.cells).toContainEqual({
      indicator: 'fig09_rus',
      area: 'alna',
      period: '2024',
      change: 'value',
      before: { value: 18, status: 'value' },
      after: { value: 0, status: 'value' },
    });
    // Alna's 2020 count of 1 is now suppressed: a change of suppression status, whose number is not told.
    expect(answer.cells.find((c) => c.indicator === 'fig09_rus' && c.area === 'alna' && c.period === '2020')).toMatchObject({
      change: 'status',
      after: { value: null, status: 'suppressed' },
    });
    // Asking again with nothing imported since answers the same release.
    const again = await t.app.inject({ method: 'POST', url: '/api/stats/releases', headers: analyst });
    expect(again.statusCode).toBe(200);
    expect(again.json<ReleaseCreated>()).toMatchObject({ created: false, release: { id: release.id } });
  });

  it('keeps a true zero as 0 where the numbers are not persons (new dwellings), distinct from a missing value', async () => {
    const body = await dataset('/api/stats/indicators/fig11_substance_and_mental_health?district=frogner&period=2023');
    expect(body.value).toEqual([0]);
    expect(body.status).toEqual({});
  });

  const refused = async (bytes: Uint8Array, fields: Record<string, string> = FIELDS, type = 'text/csv') => {
    const before = await observationCount();
    const response = await upload(fields, { bytes, type, filename: type === XLSX ? 'tabell.xlsx' : 'tabell.csv' });
    expect(response.statusCode, response.body).toBe(422);
    expect(await observationCount()).toBe(before);
    return response.json<{ detail: string; errors: { field: string; message: string }[] }>();
  };

  it('refuses bad tables with every problem named, storing nothing', async () => {
    const missing = await refused(utf8('district,row_type,rus_2020\nAlna,district,1\n'));
    expect(missing.errors.map((e) => e.field)).toContain('rows[1].rop_2020');
    const bad = await refused(
      utf8(
        [
          HEADER,
          'Nordre Akker,district,1,1,2,1,1,2,1,1,2',
          'Alna,district,-1,1,0,1,1,2,1,1,2',
          'Bjerke,district,1,1,2,1,1,2,1,1,2',
          'Bjerke,district,1,1,2,1,1,2,1,1,2',
        ].join('\n'),
      ),
    );
    expect(bad.errors).toEqual([
      { field: 'rows[2].district', message: expect.stringContaining('is not one of Oslo') },
      { field: 'rows[3].rus_2020', message: '«-1» must not be negative (a count)' },
      { field: 'rows[5].district', message: '«Bjerke» duplicates row 4 (the same area and period)' },
    ]);
    const rate = await refused(
      utf8('district,row_type,gp_list_positions,coverage_ratio,persons_on_waiting_list,gps_per_1000_residents\nAlna,district,1,1,1,1200\n'),
      { ...FIELDS, layout: 'fig07' },
    );
    expect(rate.errors[0]!.message).toContain('cannot be more than 1000');
  });

  it('refuses Windows-1252 read as UTF-8, and reads it when it is declared', async () => {
    const cp1252 = Buffer.from(`${HEADER}\nØstensjø,district,1,1,2,1,1,2,1,1,2\n`, 'latin1');
    const problem = await refused(cp1252);
    expect(problem.errors[0]).toEqual({
      field: 'rows[2].file',
      message: expect.stringContaining('is not valid UTF-8: byte 0xD8 on line 2'),
    });
    const response = await upload({ ...FIELDS, encoding: 'windows-1252' }, csvFile(cp1252));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<ImportReport>().import).toMatchObject({ periodFrom: '2020' });
  });

  it('imports XLSX, and refuses one with merged header cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('tabell');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['Grorud', 'district', 4, 41, 45, 13, 39, 52, 19, 58, 77]);
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await upload(FIELDS, { bytes: good, type: XLSX, filename: 'tabell.xlsx' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<ImportReport>().observationCount).toBe(9);
    sheet.mergeCells('C1:D1');
    const merged = await refused(Buffer.from(await workbook.xlsx.writeBuffer()), FIELDS, XLSX);
    expect(merged.errors[0]!.message).toContain('has merged cells (C1:D1)');
  });

  it('limits the public statistics per client, as other public routes are limited', async () => {
    const limited = await createTestApp(kind, { rateLimit: true });
    try {
      const call = () => limited.app.inject({ method: 'GET', url: '/api/stats/indicators' });
      for (let i = 0; i < PUBLIC_RATE_LIMITS.statistics.max; i++) expect((await call()).statusCode, `call ${i + 1}`).toBe(200);
      const refused = await call();
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await limited.close();
    }
  });

  it('lets only analysts and administrators import', async () => {
    const caseworker = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    const body = await form(FIELDS, csvFile(utf8(HEADER)));
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/stats/imports',
      headers: { ...caseworker, ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/stats/imports', headers: analyst })).statusCode).toBe(200);
  });
});
