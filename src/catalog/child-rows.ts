/**
 * Matching a service's stored child rows (schedules, exceptions, contacts) to the rows a save
 * wants, so a save updates rows in place and their ids — which HSDS publishes — stay the same.
 * Pure: no I/O.
 *
 * Rows are paired in three passes, each over what the earlier passes left:
 * 1. equal content: the row is kept as it is;
 * 2. the same identity (a schedule's weekday, an exception's date, a contact's name or e-mail):
 *    the row is updated;
 * 3. by position among the rest (an editor who changes every field of a form row still edits
 *    that row): the row is updated.
 * Wanted rows left over are inserted; stored rows left over are deleted.
 */

export type ChildRowPlan<W> = {
  /** Stored rows that stay exactly as they are. */
  keep: string[];
  /** Stored rows that take new content, by id. */
  update: { id: string; row: W }[];
  insert: W[];
  delete: string[];
};

export type ChildRowRules<E, W> = {
  /** The stored row already has the wanted content. */
  same: (existing: E, wanted: W) => boolean;
  /** The stored row is the same thing (e.g. the same weekday), with other content. */
  identity?: (existing: E, wanted: W) => boolean;
};

/** Pairs stored rows with wanted rows (see the module comment); every row appears exactly once in the plan. */
export function matchChildRows<E extends { id: string }, W>(existing: E[], wanted: W[], rules: ChildRowRules<E, W>): ChildRowPlan<W> {
  const plan: ChildRowPlan<W> = { keep: [], update: [], insert: [], delete: [] };
  const freeExisting = new Set(existing.map((_, i) => i));
  const pairedWanted = new Map<number, number>(); // wanted index → existing index
  const pass = (matches: (e: E, w: W) => boolean) => {
    wanted.forEach((w, wi) => {
      if (pairedWanted.has(wi)) return;
      for (const ei of freeExisting) {
        if (matches(existing[ei]!, w)) {
          freeExisting.delete(ei);
          pairedWanted.set(wi, ei);
          return;
        }
      }
    });
  };
  pass(rules.same);
  const kept = new Set(pairedWanted.keys());
  if (rules.identity) pass(rules.identity);
  pass(() => true);
  wanted.forEach((w, wi) => {
    const ei = pairedWanted.get(wi);
    if (ei === undefined) plan.insert.push(w);
    else if (kept.has(wi)) plan.keep.push(existing[ei]!.id);
    else plan.update.push({ id: existing[ei]!.id, row: w });
  });
  for (const ei of freeExisting) plan.delete.push(existing[ei]!.id);
  return plan;
}

/** True when every key of `wanted` has the same value in `existing` (times compared as HH:MM). */
export function sameFields(existing: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([key, value]) => normalize(existing[key]) === normalize(value));
}

function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  // PostgreSQL returns time columns as HH:MM:SS; the input has HH:MM.
  if (typeof value === 'string' && /^\d{2}:\d{2}:00$/.test(value)) return value.slice(0, 5);
  return value;
}
