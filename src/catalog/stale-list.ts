/**
 * The editors' worklist of entries not verified lately, in the order a citizen depends on them:
 * crisis services first (acute places, emergency rooms), then drop-in services (no referral
 * needed), then the rest; within each group by name in Norwegian alphabetical order (æ, ø, å
 * after z). Pure.
 */

export type StalePriority = 'crisis' | 'drop_in' | null;

export type StaleCandidate = {
  name: string;
  kind: string;
  access: string | null;
  arrangement: string | null;
};

const CRISIS_NAME = /akutt|legevakt|krise/i;
const DROP_IN_KINDS = new Set(['drop_in_meeting_place', 'harm_reduction', 'low_threshold_health', 'outreach']);

/** How much a citizen depends on an entry being right: crisis, drop-in or neither. Agreements and contracts are neither. */
export function stalePriority(s: StaleCandidate): StalePriority {
  if (s.arrangement !== null) return null;
  if (s.kind === 'institution_acute' || CRISIS_NAME.test(s.name)) return 'crisis';
  if (s.access === 'drop_in' || DROP_IN_KINDS.has(s.kind)) return 'drop_in';
  return null;
}

const RANK: Record<NonNullable<StalePriority> | 'none', number> = { crisis: 0, drop_in: 1, none: 2 };
const collator = new Intl.Collator('nb', { sensitivity: 'base', numeric: true });

/** The worklist order: priority group, then name (Norwegian collation), then id for a stable order. */
export function sortStaleList<T extends StaleCandidate & { id: string }>(items: T[]): (T & { priority: StalePriority })[] {
  return items
    .map((item) => ({ ...item, priority: stalePriority(item) }))
    .sort(
      (a, b) =>
        RANK[a.priority ?? 'none'] - RANK[b.priority ?? 'none'] ||
        collator.compare(a.name, b.name) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}
