/**
 * Norwegian national identity numbers: fødselsnummer, D-nummer, and synthetic test numbers
 * (NAV/Tenor style, month + 40 or + 80). Both mod-11 control digits are checked. Pure.
 */
export type NationalIdType = 'fnr' | 'dnr' | 'synthetic';

export type NationalIdCheck = { valid: true; type: NationalIdType; birthDate: string } | { valid: false; reason: string };

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function controlDigit(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  if (k === 10) return null;
  return k;
}

/** The two control digits for the first nine digits, or null when no valid number exists. */
export function controlDigits(firstNine: string): string | null {
  const d = Array.from(firstNine, Number);
  const k1 = controlDigit(d, W1);
  if (k1 === null) return null;
  const k2 = controlDigit([...d, k1], W2);
  if (k2 === null) return null;
  return `${k1}${k2}`;
}

/** Century of a fødselsnummer from the individual number (the 7th–9th digits) and the two-digit year. */
function fullYear(yy: number, individual: number): number | null {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  if (individual >= 500 && yy <= 39) return 2000 + yy;
  return null;
}

/**
 * Century of a D-nummer. Since August 2021 Skatteetaten gives D-numbers from wider series:
 * 500–599 for 1858–1899, 000–199 for 1900–1939, 000–499 and 600–999 for 1940–1999, 200–999 for
 * 2000–2039. (A D-nummer from before then with year 00–39 and individual 200–499 was born in the
 * 1900s; it now reads as the 2000s, the far likelier case for a living holder.)
 */
function dNumberYear(yy: number, individual: number): number | null {
  if (yy <= 39) return individual <= 199 ? 1900 + yy : 2000 + yy;
  if (individual >= 500 && individual <= 599) return yy >= 58 ? 1800 + yy : null;
  return 1900 + yy;
}

/** Today's date in Oslo as YYYY-MM-DD. */
export function osloToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Validates a national ID; synthetic numbers count only when `allowSynthetic` is on. Nobody is
 * born after `today` (YYYY-MM-DD, Oslo's date unless given).
 */
export function checkNationalId(input: string, options: { allowSynthetic: boolean; today?: string }): NationalIdCheck {
  const id = input.replace(/\s/g, '');
  if (!/^\d{11}$/.test(id)) return { valid: false, reason: 'must be 11 digits' };
  if (controlDigits(id.slice(0, 9)) !== id.slice(9)) return { valid: false, reason: 'control digits do not match' };
  let day = Number(id.slice(0, 2));
  let month = Number(id.slice(2, 4));
  let type: NationalIdType = 'fnr';
  const dNumber = day > 40;
  if (dNumber) {
    day -= 40;
    type = 'dnr';
  }
  if (month > 80) {
    month -= 80;
    type = 'synthetic';
  } else if (month > 40) {
    month -= 40;
    type = 'synthetic';
  }
  if (type === 'synthetic' && !options.allowSynthetic) return { valid: false, reason: 'synthetic test numbers are not accepted here' };
  const yy = Number(id.slice(4, 6));
  const individual = Number(id.slice(6, 9));
  const year = dNumber ? dNumberYear(yy, individual) : fullYear(yy, individual);
  if (year === null) return { valid: false, reason: 'individual number does not fit the birth year' };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { valid: false, reason: 'birth date does not exist' };
  }
  const birthDate = date.toISOString().slice(0, 10);
  if (birthDate > (options.today ?? osloToday())) return { valid: false, reason: 'birth date is in the future' };
  return { valid: true, type, birthDate };
}
