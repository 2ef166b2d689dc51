/*
 * The intake module's pure rules: no I/O.
 */

/** A unit's load: what its places are taken by. */
export type Load = { places: number; occupied: number; held: number; blocked: number };

/** Places nobody occupies, holds or has blocked (never below 0, even if a unit's places were cut under its load). */
export function freePlaces(load: Load): number {
  return Math.max(0, load.places - load.occupied - load.held - load.blocked);
}

/**
 * Whether an actor may work on a unit's places: common intake on every unit, institution staff
 * on the units of their scope; nobody else.
 */
export function mayWorkOnUnit(actor: { roles: readonly string[]; units: readonly string[] }, unitId: string): boolean {
  if (actor.roles.includes('common_intake')) return true;
  return actor.roles.includes('institution_staff') && actor.units.includes(unitId);
}

/** The date (YYYY-MM-DD) of an instant in Oslo: blocks end on Oslo's days, not UTC's. */
export function osloDate(at: Date): string {
  return OSLO_DAY.format(at);
}

/** Made once: building an Intl.DateTimeFormat costs far more than formatting with it (it was ~9% of a write's CPU). */
const OSLO_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** JSON with object keys sorted, so two requests that mean the same have the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a catalog entry's derived intake status is worked out from: its open units' load and the waiting list. */
export type LinkedLoad = Load & { waiting: number };

/**
 * A catalog entry's intake status from the capacity of the intake units linked to it (summed over
 * its open units) and the waiting list for their categories:
 * - `accepting`: more places free than requests waiting (a new decision can get a place now);
 * - `waiting_list`: no such place, but there are places in use that turn over (occupied, held by an offer, or free
 *   and spoken for by the waiting list);
 * - `full`: no such place and nothing turns over: every place is blocked (staffing, repairs).
 * An entry whose linked units are all closed is not derived (selectLinkedLoads leaves it out).
 */
export function derivedIntakeStatus(load: LinkedLoad): 'accepting' | 'waiting_list' | 'full' {
  if (freePlaces(load) > load.waiting) return 'accepting';
  return load.blocked >= load.places ? 'full' : 'waiting_list';
}
