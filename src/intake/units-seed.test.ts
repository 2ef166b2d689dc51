import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UNITS } from './migrations/2026-12-02_81_intake_units_seed.ts';
import { NORMED_STAY_DAYS, UNIT_CATEGORIES, type UnitCategory } from './vocabulary.ts';

/** RFC 4180 rows (quoted fields may hold commas and doubled quotes); enough for the seed file. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const csv = parseCsv(readFileSync(new URL('../../seed/institution_places.csv', import.meta.url), 'utf8'));
const catalog = JSON.parse(readFileSync(new URL('../../seed/service_catalog_seed.json', import.meta.url), 'utf8')) as {
  services: { id: string; name: string; places: number | null }[];
};

describe('the seeded units', () => {
  it('take every place count and quote from seed/institution_places.csv', () => {
    for (const unit of UNITS) {
      const row = csv.find((r) => r.entity === unit.csv_entity && ['places', 'places_closed', 'places_ending'].includes(r.measure!));
      expect(row, unit.csv_entity).toBeDefined();
      expect(Number(row!.value), unit.id).toBe(unit.places);
      expect(row!.source_quote, unit.id).toBe(unit.source_quote);
      expect(row!.as_of_or_period, unit.id).toBe(unit.places_as_of);
      expect(unit.open, unit.id).toBe(row!.measure === 'places');
    }
  });

  it('link only to catalog entries that exist and name the same place', () => {
    const byKey = new Map(catalog.services.map((s) => [s.id, s]));
    for (const unit of UNITS) {
      expect(unit.services.length, unit.id).toBeGreaterThan(0);
      for (const key of unit.services) {
        const service = byKey.get(key);
        expect(service, `${unit.id} → ${key}`).toBeDefined();
        // The catalog entry carries the same number of places, or (for the shared acute unit) none of its own.
        if (service!.places !== null) expect(service!.places, key).toBe(unit.places);
      }
    }
  });

  it('give a normed stay only from the category table, and none without a category', () => {
    for (const unit of UNITS) {
      if (unit.category === null) expect(unit.normed_stay_days, unit.id).toBeNull();
      else {
        expect(UNIT_CATEGORIES).toContain(unit.category);
        expect(unit.normed_stay_days, unit.id).toBe(NORMED_STAY_DAYS[unit.category as UnitCategory]);
      }
    }
  });

  it('do not count the same places twice among the open units', () => {
    const keys = UNITS.filter((u) => u.open).flatMap((u) => u.services);
    expect(new Set(keys).size).toBe(keys.length);
    expect(UNITS.filter((u) => u.open).reduce((sum, u) => sum + u.places, 0)).toBe(26 + 22 + 109 + 63 + 22 + 58 + 28 + 21 + 23 + 80 + 44);
  });
});
