import { describe, expect, it } from 'vitest';
import { DISTRICTS } from '../platform/districts.ts';
import { LIVE_COUNTS, liveObservations } from './live.ts';

const cell = (cells: ReturnType<typeof liveObservations>, measure: string, area: string, period = '2025') =>
  cells.find((c) => c.measure === `intake_live.${measure}` && c.area === area && c.period === period);

describe('live intake data as indicator cells', () => {
  it('gives every district and Oslo every measure for each year with data, a true zero where nothing happened', () => {
    const cells = liveObservations([{ area: 'alna', year: '2025', counts: { admissions: 3, persons_admitted: 2 } }]);
    expect(cells.length).toBe((DISTRICTS.length + 1) * (LIVE_COUNTS.length + 2));
    expect(cell(cells, 'admissions', 'alna')).toMatchObject({ value: '3', status: 'value', importId: null, areaLabel: 'Alna' });
    expect(cell(cells, 'admissions', 'grorud')).toMatchObject({ value: '0', status: 'value' });
    expect(cells.some((c) => c.period !== '2025')).toBe(false);
    expect(liveObservations([])).toEqual([]);
  });

  it('counts persons with no district in Oslo only', () => {
    const cells = liveObservations([
      { area: 'alna', year: '2025', counts: { discharges: 4 } },
      { area: null, year: '2025', counts: { discharges: 2 } },
      { area: 'not-a-district', year: '2025', counts: { discharges: 1 } },
    ]);
    expect(cell(cells, 'discharges', 'oslo')!.value).toBe('7');
    const districts = DISTRICTS.reduce((n, d) => n + Number(cell(cells, 'discharges', d.slug)!.value), 0);
    expect(districts).toBe(4);
  });

  it('publishes a mean and a sum of days only over 5 or more answers, and says why not otherwise', () => {
    const cells = liveObservations([
      { area: 'alna', year: '2025', counts: { quality_of_life_answers: 5 }, qualityOfLifeSum: 26, daysWaiting: { sum: 40, notices: 5 } },
      { area: 'grorud', year: '2025', counts: { quality_of_life_answers: 1 }, qualityOfLifeSum: 6, daysWaiting: { sum: 3, notices: 1 } },
    ]);
    expect(cell(cells, 'quality_of_life_mean', 'alna')).toMatchObject({ value: '5.2', status: 'value' });
    expect(cell(cells, 'quality_of_life_mean', 'grorud')).toMatchObject({ value: null, status: 'missing' });
    expect(cell(cells, 'quality_of_life_mean', 'grorud')!.missingReason).toContain('fewer than 5 answers');
    expect(cell(cells, 'quality_of_life_mean', 'oslo')).toMatchObject({ value: '5.3' });
    expect(cell(cells, 'discharge_ready_days_waiting', 'alna')).toMatchObject({ value: '40' });
    expect(cell(cells, 'discharge_ready_days_waiting', 'grorud')).toMatchObject({ value: null, status: 'missing' });
    expect(cell(cells, 'discharge_ready_days_waiting', 'oslo')).toMatchObject({ value: '43' });
  });
});
