import { DISTRICTS } from '../platform/districts.ts';
import { isOfficeHoursOnly, type OpeningHours } from './opening-hours.ts';
import { LADDER_STEP_NUMBERS } from './vocabulary.ts';

export type GapInput = {
  id: string;
  name: string;
  ladderStep: number | null;
  cityWide: boolean;
  districts: string[];
  hours: OpeningHours;
  /** Null for an offer; an agreement, contract or project otherwise (never fills a step). */
  arrangement: string | null;
};

export type CellStatus = 'missing' | 'office_hours_only' | 'covered' | 'hours_unknown';

/** What a set of offers makes of a step: its status and how many are open outside office hours or have no hours. */
export type StepCoverage = {
  status: CellStatus;
  /** Offers open outside office hours (evenings, weekends or 24/7). */
  outsideOfficeHours: number;
  /** Offers with no opening hours registered. */
  hoursUnknown: number;
};

export type GapCell = StepCoverage & {
  step: number;
  /** The district's own offers (not city-wide). */
  local: number;
  /** City-wide offers, which every district can use. */
  cityWide: number;
  /** The step counting only the district's own offers: the gap a district has without the city's services. */
  own: StepCoverage;
  serviceIds: string[];
};

export type GapRow = {
  district: string;
  name: string;
  cells: GapCell[];
  /** Steps without any offer, city-wide ones included. */
  missingSteps: number[];
  /** Steps without an offer of the district's own. */
  ownMissingSteps: number[];
};

/**
 * Whether an entry can fill a step of the ladder at all: only offers a citizen can use. Framework
 * agreements, procurement contracts, internal projects and arrangements between agencies are not
 * offers, however they are classified.
 */
export function fillsLadderStep(s: GapInput): boolean {
  return s.arrangement === null && s.ladderStep !== null;
}

/**
 * A step is missing when no offer exists; covered when one is open outside office hours;
 * office-hours-only when every offer has known hours and all are weekday daytime; otherwise
 * (some offers without registered hours) hours-unknown. Pure.
 */
export function stepCoverage(offers: GapInput[]): StepCoverage {
  const known = offers.filter((s) => s.hours.is24_7 || s.hours.rules.length > 0);
  const outsideOfficeHours = known.filter((s) => !isOfficeHoursOnly(s.hours)).length;
  const hoursUnknown = offers.length - known.length;
  let status: CellStatus;
  if (offers.length === 0) status = 'missing';
  else if (outsideOfficeHours > 0) status = 'covered';
  else if (hoursUnknown === 0) status = 'office_hours_only';
  else status = 'hours_unknown';
  return { status, outsideOfficeHours, hoursUnknown };
}

/**
 * The review's systematic look at the ladder: for each district and ladder step, how many active
 * offers exist — the district's own and city-wide ones, kept apart — and whether they are open
 * outside office hours, both with and without the city-wide offers. Pure.
 */
export function computeGapMatrix(services: GapInput[]): GapRow[] {
  const offers = services.filter(fillsLadderStep);
  return DISTRICTS.map((d) => {
    const cells = LADDER_STEP_NUMBERS.map((step): GapCell => {
      const atStep = offers.filter((s) => s.ladderStep === step && (s.cityWide || s.districts.includes(d.slug)));
      const own = atStep.filter((s) => !s.cityWide);
      return {
        step,
        local: own.length,
        cityWide: atStep.length - own.length,
        ...stepCoverage(atStep),
        own: stepCoverage(own),
        serviceIds: atStep.map((s) => s.id),
      };
    });
    return {
      district: d.slug,
      name: d.name,
      cells,
      missingSteps: cells.filter((c) => c.status === 'missing').map((c) => c.step),
      ownMissingSteps: cells.filter((c) => c.own.status === 'missing').map((c) => c.step),
    };
  });
}
