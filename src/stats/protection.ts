import type { ComputedCell, IndicatorTable } from './compute.ts';
import type { Ledger, ProtectTable } from './disclosure/types.ts';
import type { IndicatorDefinition } from './stats.schemas.ts';

/*
 * The adapter between published count tables and the disclosure-control engine
 * (src/stats/disclosure/protect.ts, built separately). A table of counts becomes a ProtectTable:
 * cells keyed `area|period`, and each total with its parts where they add up (districts or
 * agencies, offers and categories → Oslo; districts → «Totalt bydel»). The engine answers with a
 * ledger of cells to suppress; applyLedger writes it into the table.
 */

export type { Ledger, ProtectTable } from './disclosure/types.ts';
/** The disclosure control the published tables go through: the engine's protect(), or another in tests. */
export type Protector = (tables: ProtectTable[], options?: { threshold?: number; protectionWidth?: number }) => Promise<Ledger>;

/** Counts of this many persons or fewer are never published (DOMAIN.md, publishing rules). */
export const DISCLOSURE_THRESHOLD = 4;

export const cellKey = (area: string, period: string) => `${area}|${period}`;
/** The part of a total the source does not attribute to a district (the total is larger than the districts' sum). */
export const RESIDUAL_AREA = 'not_attributed';

/**
 * The count tables of an indicator that go to the engine: one per period. Rates published as
 * rates by the source, amounts (staff-years) and text are not person counts and are not given.
 * A period where the source already suppressed cells is published as the source published it (its
 * own disclosure control), and not given either. A total is given with its parts when they add
 * up; when the total is larger, the rest is a part of its own (`not_attributed`); when it is
 * smaller (the source contradicts itself, a finding), the relation is left out.
 */
export function toProtectTables(indicator: IndicatorDefinition, table: IndicatorTable): ProtectTable[] {
  if (indicator.disclosure !== 'persons') return [];
  const tables: ProtectTable[] = [];
  for (const period of table.periods) {
    const inPeriod = table.cells.filter((c) => c.period === period);
    if (inPeriod.some((c) => c.status === 'suppressed_at_source')) continue;
    const counted = inPeriod.filter((c): c is ComputedCell & { numerator: number } => c.status === 'value' && c.numerator !== null);
    if (counted.length === 0) continue;
    const cells = counted.map((c) => ({ key: cellKey(c.area, period), value: c.numerator }));
    const totals: ProtectTable['totals'] = [];
    const byArea = new Map(counted.map((c) => [c.area, c]));
    const entities = counted.filter((c) => c.area.startsWith('entity:'));
    const districts = counted.filter((c) => c.area !== 'oslo' && c.area !== 'districts_total' && !entities.includes(c));
    const districtsTotal = byArea.get('districts_total');
    // The same relations the findings check: districts → «Totalt bydel»; that (or the districts) and agencies → Oslo.
    const relate = (total: ComputedCell & { numerator: number }, parts: (ComputedCell & { numerator: number })[]) => {
      if (parts.length === 0) return;
      const sum = parts.reduce((n, c) => n + c.numerator, 0);
      const partKeys = parts.map((c) => cellKey(c.area, period));
      const totalKey = cellKey(total.area, period);
      if (sum === total.numerator) totals.push({ total: totalKey, parts: partKeys });
      else if (sum < total.numerator) {
        const residual = cellKey(total.area === 'oslo' ? RESIDUAL_AREA : `${RESIDUAL_AREA}:${total.area}`, period);
        cells.push({ key: residual, value: total.numerator - sum });
        totals.push({ total: totalKey, parts: [...partKeys, residual] });
      }
    };
    if (districtsTotal) relate(districtsTotal, districts);
    const oslo = byArea.get('oslo');
    if (oslo) relate(oslo, districtsTotal ? [districtsTotal, ...entities] : [...districts, ...entities]);
    tables.push({ id: `${indicator.id}:${period}`, cells, totals });
  }
  return tables;
}

/** Writes a ledger into a table: a suppressed cell has no value, numerator or denominator, and says why. */
export function applyLedger(indicator: IndicatorDefinition, table: IndicatorTable, ledger: Ledger): IndicatorTable {
  const suppressed = new Map<string, 'primary' | 'secondary'>();
  for (const e of ledger.entries) if (e.table.startsWith(`${indicator.id}:`)) suppressed.set(e.key, e.reason);
  if (suppressed.size === 0) return table;
  return {
    ...table,
    cells: table.cells.map((c) => {
      const reason = suppressed.get(cellKey(c.area, c.period));
      if (!reason) return c;
      return {
        ...c,
        value: null,
        numerator: null,
        denominator: null,
        status: 'suppressed',
        reason:
          reason === 'primary'
            ? `suppressed: ${DISCLOSURE_THRESHOLD} or fewer`
            : 'suppressed so that a suppressed cell cannot be worked out from the published total',
      };
    }),
  };
}

/**
 * Ranges of persons the source publishes as text («1-3», «2-4»): one whose upper end is at most the
 * threshold tells that a count is 4 or fewer, so it is suppressed like a small count. The engine
 * never sees them (they are not numbers), and they are in no total.
 */
export function suppressSmallRanges(
  indicator: IndicatorDefinition,
  table: IndicatorTable,
  threshold = DISCLOSURE_THRESHOLD,
): IndicatorTable {
  if (indicator.disclosure !== 'persons') return table;
  return {
    ...table,
    cells: table.cells.map((c) => {
      const match = c.status === 'text' && typeof c.value === 'string' ? /^\d+(?:\.\d+)?-(\d+(?:\.\d+)?)$/.exec(c.value) : null;
      if (!match || Number(match[1]) > threshold) return c;
      return { ...c, value: null, status: 'suppressed', reason: `suppressed: the source gives a range of ${threshold} or fewer` };
    }),
  };
}
