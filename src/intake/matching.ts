/*
 * Matching a request to units: pure, no I/O. Hard criteria make a unit unsuitable (returned apart,
 * with why); soft ones add or take points, each with a reason in bokmål and English. The criteria
 * and their points are documented in docs/intake.md ("Matching").
 */
import { districtBySlug } from '../platform/districts.ts';
import type { PersonGender, SubstanceNeed, SubstancePolicy, UnitCategory, UnitGender } from './vocabulary.ts';

/** What matching needs of a request. */
export type MatchNeeds = {
  category: UnitCategory;
  substance: SubstanceNeed;
  gender: PersonGender | null;
  age: number | null;
  somaticCare: boolean;
  homeDistrict: string;
  preferredUnits: readonly string[];
};

/** What matching needs of a unit: its facts (null: not stated) and its free places now. */
export type MatchUnit = {
  id: string;
  name: string;
  open: boolean;
  category: UnitCategory | null;
  substancePolicy: SubstancePolicy | null;
  gender: UnitGender | null;
  somaticCare: boolean | null;
  district: string | null;
  minAge: number | null;
  maxAge: number | null;
  free: number;
};

/** A bar of the person at a unit, [from, until) in days; until null: until lifted. */
export type MatchBar = { unitId: string; from: string; until: string | null; reason: string };

/** One reason for (points > 0), against (points < 0) or only to know (0). */
export type MatchReason = { code: string; points: number; nb: string; en: string };

export type RankedUnit = { unitId: string; name: string; free: number; score: number; reasons: MatchReason[] };
export type UnsuitableUnit = { unitId: string; name: string; free: number; reasons: MatchReason[] };
export type Matches = { suitable: RankedUnit[]; unsuitable: UnsuitableUnit[] };

/** The points of each soft criterion (docs/intake.md lists them). */
export const POINTS = {
  preferred: 30,
  freeNow: 20,
  noneFree: -40,
  homeDistrict: 15,
  neighbourDistrict: 8,
  somaticYes: 15,
  somaticUnknown: -15,
  categoryUnknown: -30,
  substanceUnknown: -10,
  genderUnknown: -5,
} as const;

const reason = (code: string, points: number, nb: string, en: string): MatchReason => ({ code, points, nb, en });

/**
 * Districts next to each other: their tiles in the city's district tile map touch (side or corner).
 * A simple stand-in for distance; the same district is nearest, then these, then the rest of the city.
 */
export function areNeighbours(a: string, b: string): boolean {
  const da = districtBySlug(a);
  const db = districtBySlug(b);
  if (!da || !db || a === b) return false;
  return Math.max(Math.abs(da.tile.row - db.tile.row), Math.abs(da.tile.col - db.tile.col)) <= 1;
}

/** Whether a bar applies on a day (YYYY-MM-DD). */
/** A bar holds from its first through its last day (both included), as the database's bar guard reads it. */
export const barApplies = (bar: MatchBar, today: string) => bar.from <= today && (bar.until === null || today <= bar.until);

/** The hard criteria: reasons a unit cannot take the person (empty: it can). */
export function hardRefusals(needs: MatchNeeds, unit: MatchUnit, bars: readonly MatchBar[], today: string): MatchReason[] {
  const out: MatchReason[] = [];
  if (!unit.open) out.push(reason('closed', 0, 'Enheten er stengt.', 'The unit is closed.'));
  if (unit.category !== null && unit.category !== needs.category)
    out.push(reason('category', 0, 'Annen tjenestekategori enn vedtaket.', 'Another service category than the decision.'));
  if (needs.substance === 'drug_free' && unit.substancePolicy === 'active_use')
    out.push(
      reason(
        'substance',
        0,
        'Vedtaket krever rusfritt tilbud; enheten er for aktiv bruk.',
        'The decision needs a drug-free setting; the unit is for active use.',
      ),
    );
  if (needs.substance === 'active_use' && unit.substancePolicy === 'drug_free')
    out.push(reason('substance', 0, 'Personen er i aktiv bruk; enheten er rusfri.', 'The person is in active use; the unit is drug-free.'));
  if ((unit.gender === 'women' && needs.gender !== 'woman') || (unit.gender === 'men' && needs.gender !== 'man'))
    out.push(
      unit.gender === 'women'
        ? reason('gender', 0, 'Enheten tar bare imot kvinner.', 'The unit takes women only.')
        : reason('gender', 0, 'Enheten tar bare imot menn.', 'The unit takes men only.'),
    );
  if (needs.age !== null && ((unit.minAge !== null && needs.age < unit.minAge) || (unit.maxAge !== null && needs.age > unit.maxAge)))
    out.push(
      reason(
        'age',
        0,
        `Alderen er utenfor enhetens grense (${unit.minAge ?? ''}–${unit.maxAge ?? ''}).`,
        `The age is outside the unit's range (${unit.minAge ?? ''}–${unit.maxAge ?? ''}).`,
      ),
    );
  if (needs.somaticCare && unit.somaticCare === false)
    out.push(
      reason('somatic', 0, 'Personen trenger somatisk pleie; enheten har det ikke.', 'The person needs somatic care; the unit has none.'),
    );
  for (const bar of bars.filter((b) => b.unitId === unit.id && barApplies(b, today)))
    out.push(
      reason(
        'barred',
        0,
        `Personen er utestengt fra enheten${bar.until ? ` til ${bar.until}` : ''}: ${bar.reason}`,
        `The person is barred from the unit${bar.until ? ` until ${bar.until}` : ''}: ${bar.reason}`,
      ),
    );
  return out;
}

/** The soft criteria of a suitable unit: its reasons for and against. */
export function softReasons(needs: MatchNeeds, unit: MatchUnit): MatchReason[] {
  const out: MatchReason[] = [];
  if (needs.preferredUnits.includes(unit.id))
    out.push(reason('preferred', POINTS.preferred, 'Bydelen har ønsket denne enheten.', 'The district asked for this unit.'));
  out.push(
    unit.free > 0
      ? reason('free', POINTS.freeNow, `${unit.free} ledige plasser nå.`, `${unit.free} free places now.`)
      : reason('free', POINTS.noneFree, 'Ingen ledig plass nå.', 'No free place now.'),
  );
  if (unit.category === null)
    out.push(
      reason(
        'category',
        POINTS.categoryUnknown,
        'Enhetens kategori er ikke oppgitt; avklar med enheten.',
        "The unit's category is not stated; check with the unit.",
      ),
    );
  else out.push(reason('category', 0, 'Samme tjenestekategori som vedtaket.', 'The same service category as the decision.'));
  if (needs.substance !== 'either') {
    if (unit.substancePolicy === null)
      out.push(
        reason('substance', POINTS.substanceUnknown, 'Ikke oppgitt om enheten er rusfri.', 'Not stated whether the unit is drug-free.'),
      );
    else
      out.push(
        reason(
          'substance',
          0,
          needs.substance === 'drug_free' ? 'Rusfritt tilbud.' : 'Tar imot personer i aktiv bruk.',
          needs.substance === 'drug_free' ? 'A drug-free setting.' : 'Takes people in active use.',
        ),
      );
  }
  if (unit.gender === null)
    out.push(reason('gender', POINTS.genderUnknown, 'Ikke oppgitt hvem enheten tar imot.', 'Not stated whom the unit takes in.'));
  if (needs.somaticCare) {
    if (unit.somaticCare === true) out.push(reason('somatic', POINTS.somaticYes, 'Har somatisk pleie.', 'Has somatic care.'));
    else
      out.push(
        reason(
          'somatic',
          POINTS.somaticUnknown,
          'Ikke oppgitt om enheten har somatisk pleie.',
          'Not stated whether the unit has somatic care.',
        ),
      );
  }
  if (unit.district === null) out.push(reason('district', 0, 'Byomfattende tilbud.', 'A city-wide unit.'));
  else if (unit.district === needs.homeDistrict)
    out.push(reason('district', POINTS.homeDistrict, 'I personens hjembydel.', "In the person's home district."));
  else if (areNeighbours(unit.district, needs.homeDistrict))
    out.push(reason('district', POINTS.neighbourDistrict, 'I en nabobydel.', 'In a neighbouring district.'));
  else out.push(reason('district', 0, 'I en annen del av byen.', 'In another part of the city.'));
  return out;
}

/**
 * Ranks units for a request: suitable ones by score (the sum of their reasons' points), then free
 * places, then name; unsuitable ones apart, by name, with every hard reason.
 */
export function rankUnits(needs: MatchNeeds, units: readonly MatchUnit[], bars: readonly MatchBar[], today: string): Matches {
  const suitable: RankedUnit[] = [];
  const unsuitable: UnsuitableUnit[] = [];
  for (const unit of units) {
    const refusals = hardRefusals(needs, unit, bars, today);
    if (refusals.length > 0) {
      unsuitable.push({ unitId: unit.id, name: unit.name, free: unit.free, reasons: refusals });
      continue;
    }
    const reasons = softReasons(needs, unit);
    suitable.push({ unitId: unit.id, name: unit.name, free: unit.free, score: reasons.reduce((n, r) => n + r.points, 0), reasons });
  }
  suitable.sort((a, b) => b.score - a.score || b.free - a.free || a.name.localeCompare(b.name, 'nb'));
  unsuitable.sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  return { suitable, unsuitable };
}

/** Whether the unit can take the person at all (the waiting list's test when a place frees). */
export const isSuitable = (needs: MatchNeeds, unit: MatchUnit, bars: readonly MatchBar[], today: string) =>
  hardRefusals(needs, unit, bars, today).length === 0;
