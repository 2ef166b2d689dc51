/**
 * How much a citizen depends on an entry being right, for editors' worklists: crisis services
 * first, then drop-in and low-threshold ones, then by kind from the low-threshold end of the
 * ladder. Pure.
 */
import { SERVICE_KINDS, type AccessKind, type ServiceKind } from './vocabulary.ts';

export type PriorityFacts = { name: string; alternateNames: string[]; kind: ServiceKind; access: AccessKind | null };

/** Names that mark a service a person turns to in a crisis. */
const CRISIS_WORDS = /akutt|legevakt|krise|hjelpetelefon|nødtelefon|overdose|selvmord/i;

const LOW_THRESHOLD_KINDS: ReadonlySet<ServiceKind> = new Set([
  'drop_in_meeting_place',
  'harm_reduction',
  'low_threshold_health',
  'outreach',
]);

export type PriorityTier = 'crisis' | 'drop_in' | 'other';

export function priorityTier(f: PriorityFacts): PriorityTier {
  if (f.kind === 'institution_acute' || CRISIS_WORDS.test([f.name, ...f.alternateNames].join(' '))) return 'crisis';
  if (f.access === 'drop_in' || LOW_THRESHOLD_KINDS.has(f.kind)) return 'drop_in';
  return 'other';
}

const TIER_ORDER: Record<PriorityTier, number> = { crisis: 0, drop_in: 1, other: 2 };

/** Orders entries by how much a citizen depends on them, then by name (Norwegian order). */
export function byCitizenDependence<T extends PriorityFacts>(a: T, b: T): number {
  const tier = TIER_ORDER[priorityTier(a)] - TIER_ORDER[priorityTier(b)];
  if (tier) return tier;
  const step = (k: ServiceKind) => SERVICE_KINDS[k].step ?? 99;
  return step(a.kind) - step(b.kind) || a.name.localeCompare(b.name, 'nb');
}
