/**
 * Writes the statistics catalogue (every indicator's definition) into docs/statistics.md, between
 * its <!-- catalogue:start/end --> markers. `npm run docs:statistics`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CATALOGUE } from '../src/stats/catalogue.ts';
import { catalogueMarkdown } from '../src/stats/catalogue-doc.ts';

const path = new URL('../docs/statistics.md', import.meta.url);
const doc = readFileSync(path, 'utf8');
const block = /(<!-- catalogue:start -->\n)[\s\S]*?(\n<!-- catalogue:end -->)/;
if (!block.test(doc)) throw new Error('docs/statistics.md lacks the <!-- catalogue:start/end --> markers');
writeFileSync(
  path,
  doc.replace(block, (_all, start: string, end: string) => `${start}${catalogueMarkdown(CATALOGUE)}${end}`),
);
console.log('docs/statistics.md: catalogue written');
