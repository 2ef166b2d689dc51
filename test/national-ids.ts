/*
 * Fresh synthetic national IDs for tests that need many distinct ones (registering persons). The
 * control digits are computed here, from the official mod-11 weights, and not by the code under
 * test: if that code got them wrong, the tests using these numbers would fail instead of agreeing
 * with it. src/access/national-id.test.ts checks the code against fixed numbers worked out by hand.
 */

const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** 11 − (weighted sum mod 11), with 11 read as 0; null for 10 (no valid number has these digits). */
function mod11(digits: number[], weights: number[]): number | null {
  const rest = weights.reduce((sum, weight, i) => sum + weight * digits[i]!, 0) % 11;
  if (rest === 0) return 0;
  return rest === 1 ? null : 11 - rest;
}

let counter = 0;

/**
 * A valid synthetic national ID, NAV style (month + 40), different on every call in this process:
 * born 1960–1999 (individual number 100–498, the 1900s series). Synthetic numbers are accepted
 * only with VEIVISER_ALLOW_SYNTHETIC_IDS, as in tests.
 */
export function syntheticNationalId(): string {
  for (;;) {
    counter += 1;
    const day = (counter % 28) + 1;
    const month = (Math.floor(counter / 28) % 12) + 1 + 40;
    const year = 60 + (Math.floor(counter / 336) % 40);
    const individual = 100 + (Math.floor(counter / 13_440) % 399);
    const nine = [day, month, year].map((n) => String(n).padStart(2, '0')).join('') + String(individual);
    const digits = Array.from(nine, Number);
    const k1 = mod11(digits, WEIGHTS_1);
    if (k1 === null) continue;
    const k2 = mod11([...digits, k1], WEIGHTS_2);
    if (k2 === null) continue;
    return `${nine}${k1}${k2}`;
  }
}
