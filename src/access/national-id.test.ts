import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNationalId, controlDigits } from './national-id.ts';

/** A valid number from birth date parts and individual number (for tests). */
function makeNationalId(ddmmyy: string, individual: number): string | null {
  const nine = `${ddmmyy}${String(individual).padStart(3, '0')}`;
  const k = controlDigits(nine);
  return k ? `${nine}${k}` : null;
}

/** The first valid number at or after the individual number. */
function validId(ddmmyy: string, from = 100): string {
  for (let i = from; i < from + 50; i++) {
    const id = makeNationalId(ddmmyy, i);
    if (id) return id;
  }
  throw new Error('no valid number');
}

describe('checkNationalId', () => {
  it('accepts a fødselsnummer with correct control digits', () => {
    const id = validId('010190');
    expect(checkNationalId(id, { allowSynthetic: false })).toEqual({ valid: true, type: 'fnr', birthDate: '1990-01-01' });
  });

  it('accepts a D-nummer (day + 40)', () => {
    const id = validId('410190');
    expect(checkNationalId(id, { allowSynthetic: false })).toMatchObject({ valid: true, type: 'dnr', birthDate: '1990-01-01' });
  });

  it('accepts synthetic test numbers only when allowed', () => {
    const nav = validId('014190');
    const tenor = validId('018190');
    expect(checkNationalId(nav, { allowSynthetic: false })).toMatchObject({ valid: false });
    expect(checkNationalId(nav, { allowSynthetic: true })).toMatchObject({ valid: true, type: 'synthetic' });
    expect(checkNationalId(tenor, { allowSynthetic: true })).toMatchObject({ valid: true, type: 'synthetic' });
  });

  it('refuses wrong length, wrong control digits and impossible dates', () => {
    expect(checkNationalId('1234567890', { allowSynthetic: false })).toEqual({ valid: false, reason: 'must be 11 digits' });
    const id = validId('010190');
    const broken = `${id.slice(0, 10)}${(Number(id[10]) + 1) % 10}`;
    expect(checkNationalId(broken, { allowSynthetic: false })).toMatchObject({ valid: false, reason: 'control digits do not match' });
    expect(checkNationalId(validId('300290'), { allowSynthetic: false })).toMatchObject({ valid: false, reason: 'birth date does not exist' });
  });

  it('refuses a birth date after today, and accepts one born today', () => {
    const id = validId('150130', 500); // 15 January 2030
    const refused = checkNationalId(id, { allowSynthetic: false, today: '2026-12-01' });
    expect(refused).toEqual({ valid: false, reason: 'birth date is in the future' });
    expect(checkNationalId(id, { allowSynthetic: false, today: '2030-01-15' })).toMatchObject({ valid: true, birthDate: '2030-01-15' });
  });

  it('catches every single-digit change (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 499 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (d, m, y, i, pos, delta) => {
        const id = makeNationalId(`${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).padStart(2, '0')}`, i);
        if (!id) return;
        expect(checkNationalId(id, { allowSynthetic: false }).valid).toBe(true);
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        expect(checkNationalId(changed, { allowSynthetic: false }).valid).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
