import { controlDigits } from '../src/access/national-id.ts';

let counter = 0;

/**
 * A fresh valid synthetic national ID (NAV style: month + 40) for tests, different on every
 * call. Synthetic numbers are accepted only with VEIVISER_ALLOW_SYNTHETIC_IDS, as in tests.
 */
export function syntheticNationalId(): string {
  for (;;) {
    counter += 1;
    const day = String((counter % 28) + 1).padStart(2, '0');
    const month = String(((Math.floor(counter / 28) % 12) + 1) + 40).padStart(2, '0');
    const year = String(60 + (Math.floor(counter / 336) % 40)).padStart(2, '0');
    const individual = String(100 + (Math.floor(counter / 13440) % 399) + (process.pid % 50) * 0).padStart(3, '0');
    const nine = `${day}${month}${year}${individual}`;
    const k = controlDigits(nine);
    if (k) return `${nine}${k}`;
  }
}
