import { describe, expect, it } from 'vitest';
import { checkNationalId, type NationalIdType } from './national-id.ts';

/*
 * Test numbers from outside the code under test: synthetic numbers NAV publishes in its own
 * open-source tests (Dolly, month + 40), and numbers worked out by hand from the official mod-11
 * weights, 3 7 6 1 8 9 4 5 2 for the first control digit and 5 4 3 2 7 6 5 4 3 2 for the second.
 * A control digit is 11 − (sum mod 11); 11 becomes 0, and 10 means no number has these digits.
 *
 * Worked example, 155076 003 33 (NAV synthetic, born 15 October 1976):
 *   k1 = 11 − (3·1 + 7·5 + 6·5 + 1·0 + 8·7 + 9·6 + 4·0 + 5·0 + 2·3 = 184; 184 mod 11 = 8) = 3
 *   k2 = 11 − (5·1 + 4·5 + 3·5 + 2·0 + 7·7 + 6·6 + 5·0 + 4·0 + 3·3 + 2·3 = 140; 140 mod 11 = 8) = 3
 *
 * Ordinary numbers use birth years in the 1850s, which no living person was given.
 */

/** [number, type, birth date, where it comes from or what it shows] */
const VALID: [id: string, type: NationalIdType, birthDate: string, why: string][] = [
  ['01015550089', 'fnr', '1855-01-01', 'fødselsnummer: individual 500–749 with year 54–99 is the 1800s (k1 = 11 − 113 mod 11 = 8)'],
  ['17035560017', 'fnr', '1855-03-17', 'fødselsnummer, first sum 164 ≡ 10 (mod 11): k1 = 1'],
  ['41015850025', 'dnr', '1858-01-01', 'D-nummer: the first digit + 4'],
  ['15507600333', 'synthetic', '1976-10-15', 'NAV synthetic (Dolly), published: month + 40'],
  ['29422059278', 'synthetic', '2020-02-29', 'NAV synthetic, published: a leap day; individual ≥ 500 with year ≤ 39 is the 2000s'],
  ['55507608360', 'synthetic', '1976-10-15', 'NAV synthetic D-nummer, published: day + 40 and month + 40 (k2 = 0)'],
  ['69422056629', 'synthetic', '2020-02-29', 'NAV synthetic D-nummer, published'],
  ['01819010001', 'synthetic', '1990-01-01', "Skatteetaten's synthetic (Tenor): month + 80; first sum 132 = 12·11, so k1 = 0"],
  ['17817600093', 'synthetic', '1976-01-17', 'Tenor synthetic, individual 000'],
  ['29420050060', 'synthetic', '2000-02-29', '2000 is a leap year (divisible by 400); both control digits 0'],
  ['41909065044', 'synthetic', '1990-10-01', 'D-nummer from the series Skatteetaten added in 2021: 600–899 for 1940–1999'],
  ['51811030086', 'synthetic', '2010-01-11', 'D-nummer, 2021 series: individual 200–499 for 2000–2039'],
  ['51811010050', 'synthetic', '1910-01-11', 'D-nummer, 2021 series: individual 000–199 with year 00–39 is the 1900s'],
  ['41414560170', 'synthetic', '1945-01-01', 'D-nummer, 2021 series: individual 601 in 1945, which a fødselsnummer may not use'],
];

/** Numbers with the right form but wrong, each with the reason the check must give. */
const INVALID: [id: string, reason: string, why: string][] = [
  ['1550760033', 'must be 11 digits', 'ten digits'],
  ['155076003330', 'must be 11 digits', 'twelve digits'],
  ['1550760033a', 'must be 11 digits', 'a letter'],
  ['15507600334', 'control digits do not match', 'second control digit off by one'],
  ['15507600343', 'control digits do not match', 'first control digit off by one'],
  ['30429010183', 'birth date does not exist', '30 February (control digits right: 113 mod 11 = 3, k1 = 8; 118 mod 11 = 8, k2 = 3)'],
  ['29420000047', 'birth date does not exist', '29 February 1900: not a leap year (individual 000 is the 1900s)'],
  ['01539010057', 'birth date does not exist', 'month 53 − 40 = 13'],
  ['32419010080', 'birth date does not exist', 'day 32 (not a D-nummer: that starts at 41)'],
  ['00419010170', 'birth date does not exist', 'day 0'],
  ['01414560187', 'individual number does not fit the birth year', 'individual 601 in 1945: no fødselsnummer series has it'],
  ['41415050060', 'individual number does not fit the birth year', 'D-nummer with individual 500 in 1950: that series is for 1858–1899'],
];

const synthetic = { allowSynthetic: true };
const real = { allowSynthetic: false };

describe('checkNationalId', () => {
  it.each(VALID)('accepts %s (%s, %s): %s', (id, type, birthDate) => {
    expect(checkNationalId(id, synthetic)).toEqual({ valid: true, type, birthDate });
  });

  it('accepts ordinary fødselsnummer and D-nummer without synthetic numbers allowed, and ignores spaces', () => {
    expect(checkNationalId('01015550089', real)).toEqual({ valid: true, type: 'fnr', birthDate: '1855-01-01' });
    expect(checkNationalId('41015850025', real)).toEqual({ valid: true, type: 'dnr', birthDate: '1858-01-01' });
    expect(checkNationalId(' 010155 50089 ', real)).toEqual({ valid: true, type: 'fnr', birthDate: '1855-01-01' });
  });

  it('refuses synthetic numbers of both kinds unless they are allowed', () => {
    for (const id of ['15507600333', '55507608360', '01819010001']) {
      expect(checkNationalId(id, real), id).toEqual({ valid: false, reason: 'synthetic test numbers are not accepted here' });
    }
  });

  it.each(INVALID)('refuses %s: %s (%s)', (id, reason) => {
    expect(checkNationalId(id, synthetic)).toEqual({ valid: false, reason });
  });

  it('refuses every ending of first nine digits whose first control digit would be 10', () => {
    // 155076005: 3·1 + 7·5 + 6·5 + 1·0 + 8·7 + 9·6 + 4·0 + 5·0 + 2·5 = 188; 188 mod 11 = 1; 11 − 1 = 10.
    for (let end = 0; end < 100; end++) {
      const id = `155076005${String(end).padStart(2, '0')}`;
      expect(checkNationalId(id, synthetic), id).toEqual({ valid: false, reason: 'control digits do not match' });
    }
  });

  it('refuses every ending of ten digits whose second control digit would be 10', () => {
    // 155076014: first sum 191, 191 mod 11 = 4, k1 = 7; second sum with k1 = 7 is 155, 155 mod 11 = 1: k2 would be 10.
    for (let end = 0; end < 10; end++) {
      const id = `1550760147${end}`;
      expect(checkNationalId(id, synthetic), id).toEqual({ valid: false, reason: 'control digits do not match' });
    }
  });

  it('refuses every single-digit change of every valid number above', () => {
    // Each weight is 1–9 and 11 is prime, so changing one digit always changes a control sum mod 11.
    for (const [id] of VALID) {
      for (let position = 0; position < 11; position++) {
        for (let delta = 1; delta <= 9; delta++) {
          const changed = id.slice(0, position) + String((Number(id[position]) + delta) % 10) + id.slice(position + 1);
          expect(checkNationalId(changed, synthetic).valid, `${id} → ${changed}`).toBe(false);
        }
      }
    }
  });

  it('refuses a birth date after today, and accepts one born today', () => {
    // 155076 003 33: NAV's synthetic number for 15 October 1976 (worked out above).
    expect(checkNationalId('15507600333', { ...synthetic, today: '1976-10-14' })).toEqual({
      valid: false,
      reason: 'birth date is in the future',
    });
    expect(checkNationalId('15507600333', { ...synthetic, today: '1976-10-15' })).toMatchObject({ valid: true, birthDate: '1976-10-15' });
  });
});
