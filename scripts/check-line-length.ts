/**
 * No line over 140 characters in our own source (`npm run lint`). Prettier wraps code at 140; this
 * catches what it cannot wrap (long strings, comments). Fixtures and seed data are others' text.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 140;
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|tsx|js|cjs|css)$/.test(f) && !/^(test\/fixtures|seed)\//.test(f));
const long: string[] = [];
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    if (Array.from(line).length > MAX) long.push(`${file}:${i + 1}: ${Array.from(line).length} characters`);
  });
}
if (long.length) {
  console.error(`Lines over ${MAX} characters:\n  ${long.join('\n  ')}`);
  process.exit(1);
}
console.log(`No line over ${MAX} characters in ${files.length} files.`);
