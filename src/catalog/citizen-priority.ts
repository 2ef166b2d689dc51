/**
 * How much a citizen depends on an entry being right, for editors' worklists: crisis services
 * first, then drop-in and low-threshold ones, then by kind from the low-threshold end of the
 * ladder. Pure.
 */
import { stalePriority } from './stale-list.ts';
import { SERVICE_KINDS, type AccessKind, type ServiceKind } from './vocabulary.ts';

export type PriorityFacts = { name: string; alternateNames: string[]; kind: ServiceKind; access: AccessKind | null };

export type PriorityTier = 'crisis' | 'drop_in' | 'other';

/**
 * The tier is the stale list's rule (stale-list.ts: acute kinds and crisis names, then drop-in),
 * one rule for every editors' worklist; here the entry's other names count too.
 */
export function priorityTier(f: PriorityFacts): PriorityTier {
  return stalePriority({ name: [f.name, ...f.alternateNames].join(' '), kind: f.kind, access: f.access, arrangement: null }) ?? 'other';
}

const TIER_ORDER: Record<PriorityTier, number> = { crisis: 0, drop_in: 1, other: 2 };

/** Orders entries by how much a citizen depends on them, then by name (Norwegian order). */
export function byCitizenDependence<T extends PriorityFacts>(a: T, b: T): number {
  const tier = TIER_ORDER[priorityTier(a)] - TIER_ORDER[priorityTier(b)];
  if (tier) return tier;
  const step = (k: ServiceKind) => SERVICE_KINDS[k].step ?? 99;
  return step(a.kind) - step(b.kind) || a.name.localeCompare(b.name, 'nb');
}
