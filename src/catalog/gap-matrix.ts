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
};

export type CellStatus = 'missing' | 'office_hours_only' | 'covered' | 'hours_unknown';

export type GapCell = {
  step: number;
  local: number;
  cityWide: number;
  /** Offers open outside office hours (evenings, weekends or 24/7). */
  outsideOfficeHours: number;
  /** Offers with no opening hours registered. */
  hoursUnknown: number;
  status: CellStatus;
  serviceIds: string[];
};

export type GapRow = { district: string; name: string; cells: GapCell[]; missingSteps: number[] };

/**
 * The review's systematic look at the ladder: for each district and ladder step, how many active
 * offers exist (the district's own plus city-wide ones), and whether they are open outside office
 * hours. A step is missing when no offer exists; office-hours-only when every offer has known
 * hours and all of them are weekday daytime. Pure.
 */
export function computeGapMatrix(services: GapInput[]): GapRow[] {
  return DISTRICTS.map((d) => {
    const cells = LADDER_STEP_NUMBERS.map((step): GapCell => {
      const offers = services.filter((s) => s.ladderStep === step && (s.cityWide || s.districts.includes(d.slug)));
      const local = offers.filter((s) => !s.cityWide).length;
      const known = offers.filter((s) => s.hours.is24_7 || s.hours.rules.length > 0);
      const outside = known.filter((s) => !isOfficeHoursOnly(s.hours)).length;
      const hoursUnknown = offers.length - known.length;
      let status: CellStatus;
      if (offers.length === 0) status = 'missing';
      else if (outside > 0) status = 'covered';
      else if (hoursUnknown === 0) status = 'office_hours_only';
      else status = 'hours_unknown';
      return {
        step,
        local,
        cityWide: offers.length - local,
        outsideOfficeHours: outside,
        hoursUnknown,
        status,
        serviceIds: offers.map((s) => s.id),
      };
    });
    return { district: d.slug, name: d.name, cells, missingSteps: cells.filter((c) => c.status === 'missing').map((c) => c.step) };
  });
}
