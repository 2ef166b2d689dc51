/**
 * Disclosure control for a statistics release: primary suppression of small counts, secondary
 * suppression by Gaussian elimination across every table of the release (one ledger), widened
 * until a real LP solver finds every protected value's interval at least the protection width;
 * and an independent audit that recomputes those intervals for any ledger. See docs/disclosure.md.
 */
import { AppError } from '../../platform/errors.ts';
import { gaussSecondary } from './gauss.ts';
import { highsSolver, IntervalModel, type Point } from './intervals.ts';
import { buildRelease, primaryRule, relationTerms, type Functional, type Release } from './release.ts';
import type {
  AuditInterval,
  AuditOptions,
  AuditReport,
  Ledger,
  LedgerEntry,
  LedgerSettings,
  ProtectOptions,
  ProtectTable,
} from './types.ts';

export type {
  AuditInterval,
  AuditOptions,
  AuditReport,
  Ledger,
  LedgerEntry,
  LedgerSettings,
  ProtectOptions,
  ProtectTable,
} from './types.ts';

/** DOMAIN.md "Publishing rules": cells with 4 or fewer persons are suppressed. */
export const DEFAULT_THRESHOLD = 4;
/** Slack on interval widths for solver round-off. */
const WIDTH_TOLERANCE = 1e-6;
/** How many neighbouring cells the widening step tries before taking the cheapest. */
const WIDEN_TRIALS = 8;

type Rule = NonNullable<LedgerEntry['rule']>;

function settingsOf(options: ProtectOptions, fallback?: LedgerSettings): LedgerSettings {
  const threshold = options.threshold ?? fallback?.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new AppError('INVALID_INPUT', `threshold must be a whole number ≥ 0, not ${threshold}`, [
      { field: 'threshold', message: 'must be a whole number ≥ 0' },
    ]);
  }
  const protectionWidth = options.protectionWidth ?? fallback?.protectionWidth ?? threshold;
  if (!Number.isFinite(protectionWidth) || protectionWidth < 0) {
    throw new AppError('INVALID_INPUT', `protectionWidth must be a number ≥ 0, not ${protectionWidth}`, [
      { field: 'protectionWidth', message: 'must be a number ≥ 0' },
    ]);
  }
  return { threshold, protectionWidth, suppressZeros: options.suppressZeros ?? fallback?.suppressZeros ?? false };
}

/**
 * Publication order, most wanted published first: zeros (they protect nothing, as
 * GaussSuppression's secondaryZeros = FALSE), then totals, then other cells; large before small;
 * ties by key, so the result does not depend on the order of the input.
 */
function publishOrder(release: Release): (a: number, b: number) => number {
  const rank = (i: number) => {
    const cell = release.cells[i]!;
    return cell.value === 0 ? 0 : cell.isTotal ? 1 : 2;
  };
  return (a, b) => {
    const ca = release.cells[a]!;
    const cb = release.cells[b]!;
    return rank(a) - rank(b) || cb.value - ca.value || (ca.key < cb.key ? -1 : ca.key > cb.key ? 1 : 0);
  };
}

/** Relations each cell takes part in. */
function cellRelations(release: Release): number[][] {
  const out: number[][] = release.cells.map(() => []);
  release.relations.forEach((r, i) => {
    out[r.total]!.push(i);
    for (const p of r.parts) out[p]!.push(i);
  });
  return out;
}

/** Suppresses what the release needs so no protected value can be narrowed below the width. */
export async function protect(tables: ProtectTable[], options: ProtectOptions = {}): Promise<Ledger> {
  const settings = settingsOf(options);
  const release = buildRelease(tables);
  const { functionals, primary } = primaryRule(release, settings);
  const rules = new Map<number, Rule>(primary);
  const order = publishOrder(release);
  const relationsOf = cellRelations(release);

  const byComponent = new Map<number, Functional[]>();
  for (const f of functionals) {
    const c = release.componentOf[f.cell]!;
    byComponent.set(c, [...(byComponent.get(c) ?? []), f]);
  }
  for (const [component, protectedHere] of [...byComponent].sort((a, b) => a[0] - b[0])) {
    const relationIds = release.componentRelations[component]!;
    if (relationIds.length === 0) continue; // a cell in no sum: suppressing it is enough
    const candidates = release.components[component]!.filter((i) => !rules.has(i) && !release.cells[i]!.hidden).sort(order);
    const { suppressed, determined } = gaussSecondary({
      known: relationIds.map((i) => relationTerms(release.relations[i]!)),
      protect: protectedHere.map((f) => f.terms),
      candidates,
    });
    for (const i of suppressed) rules.set(i, 'linear');
    // Values the relations alone fix (e.g. total − part of a one-part sum) cannot be hidden.
    const hideable = protectedHere.filter((_, i) => !determined.includes(i));
    await widen(release, component, hideable, rules, settings.protectionWidth, order, relationsOf);
  }
  return { entries: ledgerEntries(release, rules), settings };
}

/**
 * Suppresses more cells until every protected value's LP interval is at least `width` wide.
 * Elimination only guarantees a value is not determined; a partner of 0 or 1 still leaves it
 * nearly pinned. Each step tries the cheapest published neighbours of the value's suppressed
 * cluster and keeps the first that widens it; suppressing only relaxes the LP, so widths never
 * shrink and the loop ends (at worst with the whole component suppressed).
 */
async function widen(
  release: Release,
  component: number,
  protectedHere: Functional[],
  rules: Map<number, Rule>,
  width: number,
  order: (a: number, b: number) => number,
  relationsOf: number[][],
) {
  const highs = await highsSolver();
  const cells = release.components[component]!;
  const relations = release.componentRelations[component]!.map((i) => release.relations[i]!);
  const values = release.cells.map((c) => c.value);
  const unknown = (i: number) => rules.has(i) || release.cells[i]!.hidden;
  const hidden = () => new Set(cells.filter(unknown));
  // Optimal points of earlier solves stay feasible when more is suppressed; the spread of a value
  // over them is a lower bound on its width, which usually saves both solves.
  const points: Point[] = [];
  const spread = (f: Functional) => {
    let lo = f.value;
    let hi = f.value;
    for (const point of points) {
      let v = 0;
      for (const [cell, coef] of f.terms) v += coef * (point.get(cell) ?? values[cell]!);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo;
  };
  const widthIn = (model: IntervalModel, f: Functional) => {
    const range = model.range(f.terms);
    points.push(...range.points);
    return range.max - range.min;
  };
  /** A trial's points are feasible only if the trial is kept, so they are not remembered. */
  const trialWidth = (model: IntervalModel, f: Functional) => {
    const range = model.range(f.terms);
    return { width: range.max - range.min, points: range.points };
  };
  const cheapestFirst = (a: number, b: number) => {
    const zeroA = release.cells[a]!.value === 0 ? 1 : 0;
    const zeroB = release.cells[b]!.value === 0 ? 1 : 0;
    return zeroA - zeroB || order(b, a);
  };
  let model = new IntervalModel(highs, relations, values, hidden(), false);
  try {
    for (const f of protectedHere) {
      if (spread(f) >= width - WIDTH_TOLERANCE) continue;
      let current = widthIn(model, f);
      while (current < width - WIDTH_TOLERANCE) {
        let options = neighbours(release, f, unknown, relationsOf).sort(cheapestFirst);
        if (options.length === 0) options = cells.filter((i) => !unknown(i)).sort(cheapestFirst);
        if (options.length === 0) throw new Error(`cannot protect cell '${release.cells[f.cell]!.key}'`);
        let chosen: { cell: number; model: IntervalModel; width: number } | undefined;
        for (const candidate of options.slice(0, WIDEN_TRIALS)) {
          const trial = new IntervalModel(highs, relations, values, new Set([...hidden(), candidate]), false);
          const tried = trialWidth(trial, f);
          if (tried.width > current + WIDTH_TOLERANCE) {
            points.push(...tried.points);
            chosen = { cell: candidate, model: trial, width: tried.width };
            break;
          }
          trial.dispose();
        }
        // No single cell widens it: take the cheapest and go on (widths never shrink).
        rules.set(chosen?.cell ?? options[0]!, 'interval');
        model.dispose();
        model = chosen?.model ?? new IntervalModel(highs, relations, values, hidden(), false);
        current = chosen?.width ?? widthIn(model, f);
      }
    }
  } finally {
    model.dispose();
  }
}

/** Published cells in a relation with the functional's cells or the suppressed cells they reach. */
function neighbours(release: Release, f: Functional, unknown: (cell: number) => boolean, relationsOf: number[][]): number[] {
  const seen = new Set<number>(f.terms.keys());
  const queue = [...f.terms.keys()].filter((i) => unknown(i));
  const found = new Set<number>();
  for (const i of f.terms.keys()) if (!unknown(i)) found.add(i);
  while (queue.length > 0) {
    const cell = queue.pop()!;
    for (const r of relationsOf[cell]!) {
      const relation = release.relations[r]!;
      for (const other of [relation.total, ...relation.parts]) {
        if (seen.has(other)) continue;
        seen.add(other);
        if (unknown(other)) queue.push(other);
        else found.add(other);
      }
    }
  }
  return [...found];
}

function ledgerEntries(release: Release, rules: Map<number, Rule>): LedgerEntry[] {
  return release.tables.flatMap((table) =>
    table.cells.flatMap((cell) => {
      const rule = rules.get(release.index.get(cell.key)!);
      if (!rule) return [];
      const reason = rule === 'small-count' || rule === 'complement' ? 'primary' : 'secondary';
      return [{ table: table.id, key: cell.key, reason, rule } satisfies LedgerEntry];
    }),
  );
}

/**
 * Audits a release against a ledger, trusting nothing in it: recomputes the primary rule, checks
 * that a cell hidden in one table is hidden in all, and solves min and max of every protected
 * value and every suppressed cell with HiGHS. `ok` only when nothing is wrong.
 */
export async function auditRelease(tables: ProtectTable[], ledger: Ledger, options: AuditOptions = {}): Promise<AuditReport> {
  const settings = settingsOf(options, ledger.settings);
  const release = buildRelease(tables);
  const problems: string[] = [];
  const tableIndex = new Map(tables.map((t, i) => [t.id, i]));
  const hiddenIn = new Map<number, Set<number>>();
  const ledgerPrimary = new Set<number>();
  for (const entry of ledger.entries) {
    const t = tableIndex.get(entry.table);
    const cell = release.index.get(entry.key);
    if (t === undefined || cell === undefined || !release.cells[cell]!.tables.includes(t)) {
      problems.push(`the ledger suppresses '${entry.key}' in table '${entry.table}', which has no such cell`);
      continue;
    }
    if (release.cells[cell]!.hidden) continue; // never published anyway
    hiddenIn.set(cell, (hiddenIn.get(cell) ?? new Set()).add(t));
    if (entry.reason === 'primary') ledgerPrimary.add(cell);
  }
  const suppressed = new Set<number>(release.cells.flatMap((c, i) => (c.hidden ? [i] : [])));
  for (const [cell, hidden] of hiddenIn) {
    const shownIn = release.cells[cell]!.tables.filter((t) => !hidden.has(t));
    if (shownIn.length === 0) suppressed.add(cell);
    else {
      const key = release.cells[cell]!.key;
      problems.push(`cell '${key}' is suppressed in table '${tables[[...hidden][0]!]!.id}' but published in '${tables[shownIn[0]!]!.id}'`);
    }
  }

  const { functionals } = primaryRule(release, settings);
  const covered = new Set(functionals.filter((f) => f.kind === 'cell').map((f) => f.cell));
  for (const cell of ledgerPrimary) {
    if (!covered.has(cell)) {
      const value = release.cells[cell]!.value;
      functionals.push({ kind: 'cell', cell, table: release.cells[cell]!.tables[0]!, value, terms: new Map([[cell, 1]]) });
      covered.add(cell);
    }
  }
  type Check = { f: Functional; reason: 'primary' | 'secondary'; required: number; structural?: true };
  const checks: Check[] = functionals.map((f) => ({ f, reason: 'primary', required: settings.protectionWidth }));
  for (const cell of suppressed) {
    if (covered.has(cell) || release.cells[cell]!.hidden) continue;
    const f: Functional = {
      kind: 'cell',
      cell,
      table: release.cells[cell]!.tables[0]!,
      value: release.cells[cell]!.value,
      terms: new Map([[cell, 1]]),
    };
    checks.push({ f, reason: 'secondary', required: 0 });
  }
  checks.sort(
    (a, b) => a.f.cell - b.f.cell || (a.f.kind === b.f.kind ? 0 : a.f.kind === 'cell' ? -1 : 1) || (a.f.total ?? 0) - (b.f.total ?? 0),
  );

  const byComponent = new Map<number, Check[]>();
  for (const check of checks) {
    const c = release.componentOf[check.f.cell]!;
    byComponent.set(c, [...(byComponent.get(c) ?? []), check]);
  }
  const ranges = new Map<Check, { min: number; max: number }>();
  const highs = await highsSolver();
  const values = release.cells.map((c) => c.value);
  for (const [component, here] of byComponent) {
    const relations = release.componentRelations[component]!.map((i) => release.relations[i]!);
    const hiddenHere = new Set(release.components[component]!.filter((i) => suppressed.has(i)));
    // A value the sums alone fix (an outside-part that must be 0, …) cannot be hidden by any
    // suppression: reported, but not required to be wide, as protect() leaves it out too.
    const protectedHere = here.filter((c) => c.reason === 'primary');
    const { determined } = gaussSecondary({
      known: relations.map(relationTerms),
      protect: protectedHere.map((c) => c.f.terms),
      candidates: [],
    });
    for (const i of determined) {
      protectedHere[i]!.required = 0;
      protectedHere[i]!.structural = true;
    }
    const model = new IntervalModel(highs, relations, values, hiddenHere, options.integer ?? false);
    try {
      for (const check of here) {
        const { min, max } = model.range(check.f.terms);
        ranges.set(check, { min, max });
      }
    } finally {
      model.dispose();
    }
  }

  const intervals = checks.map((check): AuditInterval => {
    const { f, reason, required, structural } = check;
    const { min, max } = ranges.get(check)!;
    const width = max - min;
    const ok = width >= required - WIDTH_TOLERANCE;
    const key = release.cells[f.cell]!.key;
    const table = tables[f.table]!.id;
    const total = f.total === undefined ? undefined : release.cells[f.total]!.key;
    if (!ok) {
      const what = total === undefined ? `cell '${key}'` : `'${total}' − '${key}'`;
      problems.push(`table '${table}', ${what} (${f.value}) lies in [${min}, ${max}], narrower than ${required}`);
    }
    return {
      table,
      key,
      kind: f.kind,
      ...(total === undefined ? {} : { total }),
      ...(structural ? { structural } : {}),
      reason,
      value: f.value,
      min,
      max,
      width,
      required,
      ok,
    };
  });
  return { ok: problems.length === 0, intervals, problems };
}
