import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditRelease, protect } from '../disclosure/protect.ts';
import { linkPersons, overlapTables, type Registration } from './unique-persons.ts';

const reg = (person: string, source: string, period = '2024'): Registration => ({ person, source, period });

/** n persons registered in the given sources, pseudonyms `${tag}-${i}`. */
const group = (tag: string, n: number, sources: string[], period = '2024') =>
  Array.from({ length: n }, (_, i) => sources.map((s) => reg(`${tag}-${i}`, s, period))).flat();

describe('linkPersons', () => {
  it('counts each person once and the overlap between sources', () => {
    const linkage = linkPersons([
      reg('p1', 'LAR'),
      reg('p1', 'VEL'),
      reg('p1', 'LAR'), // the same registration twice is one person
      reg('p2', 'LAR'),
      reg('p3', 'VEL'),
      reg('p3', 'prison'),
      reg('p4', 'prison'),
      reg('p5', 'LAR'),
      reg('p5', 'VEL'),
      reg('p5', 'prison'),
    ]);
    expect(linkage).toEqual({
      sources: ['LAR', 'VEL', 'prison'],
      unique: 5,
      bySource: { LAR: 3, VEL: 3, prison: 3 },
      overlap: {
        LAR: { LAR: 3, VEL: 2, prison: 1 },
        VEL: { LAR: 2, VEL: 3, prison: 2 },
        prison: { LAR: 1, VEL: 2, prison: 3 },
      },
      bySourceCount: { 1: 2, 2: 2, 3: 1 },
      byPattern: { LAR: 1, VEL: 0, 'LAR+VEL': 1, prison: 1, 'LAR+prison': 0, 'VEL+prison': 1, 'LAR+VEL+prison': 1 },
    });
  });

  it('links only the periods asked for, keeping every source in the table', () => {
    const linkage = linkPersons([reg('p1', 'LAR', '2023'), reg('p1', 'VEL', '2024'), reg('p2', 'VEL', '2024')], {
      periods: ['2024'],
    });
    expect(linkage.unique).toBe(2);
    expect(linkage.bySource).toEqual({ LAR: 0, VEL: 2 });
  });

  it('refuses a registration without a pseudonym', () => {
    expect(() => linkPersons([reg('', 'LAR')])).toThrow('registrations[0].person must be a non-empty string');
  });

  it('satisfies inclusion–exclusion for two sources on random registrations', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ person: fc.integer({ min: 0, max: 30 }), source: fc.constantFrom('A', 'B') })), (rows) => {
        const linkage = linkPersons(rows.map((r) => reg(`p${r.person}`, r.source)));
        const a = linkage.bySource.A ?? 0;
        const b = linkage.bySource.B ?? 0;
        const both = linkage.overlap.A?.B ?? 0;
        expect(linkage.unique).toBe(a + b - both);
      }),
    );
  });
});

describe('overlapTables', () => {
  it('publishes overlaps inside true sums, with one key for a cell shown in two tables', () => {
    const linkage = linkPersons([...group('a', 20, ['LAR']), ...group('b', 15, ['LAR', 'VEL']), ...group('c', 30, ['VEL'])]);
    const tables = overlapTables(linkage, 'x');
    expect(tables.map((t) => t.id)).toEqual(['x:overlap:LAR', 'x:overlap:VEL', 'x:unique']);
    expect(tables[0]).toEqual({
      id: 'x:overlap:LAR',
      cells: [
        { key: 'x:in:LAR', value: 35 },
        { key: 'x:both:LAR+VEL', value: 15 },
        { key: 'x:in:LAR:not:VEL', value: 20 },
        { key: 'x:exactly:LAR', value: 20, hidden: true },
        { key: 'x:exactly:LAR+VEL', value: 15, hidden: true },
      ],
      totals: [
        { total: 'x:in:LAR', parts: ['x:both:LAR+VEL', 'x:in:LAR:not:VEL'] },
        { total: 'x:in:LAR', parts: ['x:exactly:LAR', 'x:exactly:LAR+VEL'] },
        { total: 'x:both:LAR+VEL', parts: ['x:exactly:LAR+VEL'] },
      ],
    });
    // With two sources "outside LAR" is "in VEL but not LAR": the same cell.
    expect(tables[2]!.cells.filter((c) => !c.hidden).map((c) => [c.key, c.value])).toEqual([
      ['x:unique', 65],
      ['x:in:LAR', 35],
      ['x:in:VEL:not:LAR', 30],
      ['x:in:VEL', 45],
      ['x:in:LAR:not:VEL', 20],
    ]);
  });

  it('is protected by the same ledger as the other tables: a small overlap cannot be recovered', async () => {
    const linkage = linkPersons([
      ...group('a', 40, ['LAR']),
      ...group('b', 3, ['LAR', 'prison']),
      ...group('c', 25, ['prison']),
      ...group('d', 12, ['VEL', 'prison']),
      ...group('e', 50, ['VEL']),
    ]);
    const tables = overlapTables(linkage, 'y');
    const ledger = await protect(tables);
    const hidden = ledger.entries.filter((e) => e.key === 'y:both:LAR+prison');
    expect(hidden.map((e) => [e.table, e.reason])).toEqual([
      ['y:overlap:LAR', 'primary'],
      ['y:overlap:prison', 'primary'],
    ]);
    const audit = await auditRelease(tables, ledger);
    expect(audit.problems).toEqual([]);
    expect(audit.intervals.find((i) => i.key === 'y:both:LAR+prison' && i.kind === 'cell')!.width).toBeGreaterThanOrEqual(4);
  });

  it('does not let a small three-source overlap follow by inclusion–exclusion from large published numbers', async () => {
    const linkage = linkPersons([
      ...group('l', 40, ['LAR']),
      ...group('v', 35, ['VEL']),
      ...group('p', 30, ['prison']),
      ...group('lv', 10, ['LAR', 'VEL']),
      ...group('lp', 12, ['LAR', 'prison']),
      ...group('vp', 15, ['VEL', 'prison']),
      ...group('all', 2, ['LAR', 'VEL', 'prison']),
    ]);
    const tables = overlapTables(linkage, 'z');
    const published = tables.flatMap((t) => t.cells.filter((c) => !c.hidden));
    expect(published.every((c) => c.value > 4)).toBe(true);
    // unique − Σ in + Σ both = 144 − 185 + 43 = the 2 persons in all three.
    const naive = await auditRelease(tables, { entries: [] });
    expect(naive.intervals.find((i) => i.key === 'z:exactly:LAR+VEL+prison')).toMatchObject({ min: 2, max: 2, ok: false });
    const ledger = await protect(tables);
    expect(ledger.entries.length).toBeGreaterThan(0);
    expect(ledger.entries.some((e) => e.key.startsWith('z:exactly'))).toBe(false);
    const audit = await auditRelease(tables, ledger);
    expect(audit.problems).toEqual([]);
  });

  it('passes its own audit for random registrations in three sources', async () => {
    const registrations = fc.array(
      fc.record({ person: fc.integer({ min: 0, max: 60 }), source: fc.constantFrom('LAR', 'VEL', 'prison') }),
      { maxLength: 150 },
    );
    await fc.assert(
      fc.asyncProperty(registrations, async (rows) => {
        const tables = overlapTables(linkPersons(rows.map((r) => reg(`p${r.person}`, r.source))), 'r');
        const audit = await auditRelease(tables, await protect(tables));
        expect(audit.problems).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
