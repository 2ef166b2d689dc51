import type { Db } from '../platform/db.ts';
import type { IntakeStatus } from './vocabulary.ts';

/*
 * The port through which the catalog reads an intake status derived from live capacity. The
 * catalog knows nothing of units, places or waiting lists: a module that does (intake) plugs its
 * source in when the application is composed (see intake.module.ts). An entry the source answers
 * for is *linked*: its derived status wins over the hand-typed one, and editors cannot type it.
 * Read at answer time (never stored in the catalog): a detail page reads it from the source, a
 * search answer from this process's copy (intake-status-cache.ts), which the source's topics keep
 * current.
 */

/** A derived status and when the numbers it comes from last changed (ISO time). */
export type DerivedIntakeStatus = { status: IntakeStatus; at: string };

/**
 * `read` answers for the seed keys of linked entries (keys it leaves out are not linked), or for
 * every linked entry when given null; `topics` are the events after which its answers may differ.
 */
export type DerivedIntakeStatusSource = {
  read: (db: Db, seedKeys: readonly string[] | null) => Promise<Map<string, DerivedIntakeStatus>>;
  topics: readonly string[];
};

let source: DerivedIntakeStatusSource | null = null;

/** Plugs in the source of derived intake statuses (the last one plugged in answers). */
export function useDerivedIntakeStatusSource(s: DerivedIntakeStatusSource): void {
  source = s;
}

/** The source plugged in, if any. */
export function derivedIntakeStatusSource(): DerivedIntakeStatusSource | null {
  return source;
}

/** The derived statuses of those seed keys that are linked; empty when no source is plugged in. */
export async function derivedIntakeStatuses(db: Db, seedKeys: readonly (string | null)[]): Promise<Map<string, DerivedIntakeStatus>> {
  const keys = [...new Set(seedKeys.filter((k): k is string => k !== null))];
  if (!source || keys.length === 0) return new Map();
  return source.read(db, keys);
}
