/**
 * Disclosure control benchmark: `npm run bench:disclosure [-- --quick] [--runs=N] [--tables=N]`.
 *
 * A realistic release: N indicator tables (40; 10 with --quick), each 15 districts × 6 periods
 * with Oslo per period, each district over the periods and the grand total (16 × 7 = 112 cells);
 * one in four is linked to a second table splitting Oslo's total per period by gender (shared
 * cells). Incidence varies by indicator from rare (most district counts ≤ 4) to common. Times
 * protect() and auditRelease() separately over several runs after loading HiGHS once (the first run
 * includes the WebAssembly warming up; later runs are the steady state, reported as the median);
 * the audit must pass. Results go to bench/results/disclosure-<timestamp>.json and a markdown table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { twoWayTable } from '../src/stats/disclosure/fixtures.ts';
import { highsSolver } from '../src/stats/disclosure/intervals.ts';
import { auditRelease, protect, type ProtectTable } from '../src/stats/disclosure/protect.ts';
import { ROOT } from '../test/server-process.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k!, v.length ? v.join('=') : 'true'] as const;
  }),
);
const known = new Set(['quick', 'runs', 'tables']);
for (const k of args.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
const quick = args.get('quick') === 'true';
const config = { tables: Number(args.get('tables') ?? (quick ? 10 : 40)), runs: Number(args.get('runs') ?? (quick ? 1 : 3)) };

/** A seeded generator, so every run protects the same release. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Relative size of the 15 districts (adults 18+), roughly as in Oslo. */
const DISTRICT_SIZE = [1.3, 1.4, 1.0, 1.0, 1.4, 0.8, 1.1, 1.2, 0.9, 0.7, 0.8, 1.2, 1.2, 1.0, 0.9];

function makeRelease(count: number): ProtectTable[] {
  const random = mulberry32(11);
  const tables: ProtectTable[] = [];
  for (let t = 0; t < count; t++) {
    // Mean count per district and period, from rare (most district counts ≤ 4) to common; districts
    // differ in size.
    const mean = [4, 7, 12, 20, 40, 120][t % 6]!;
    const grid = DISTRICT_SIZE.map((size) =>
      Array.from({ length: 6 }, () => Math.max(0, Math.round(mean * size * (0.6 + 0.8 * random())))),
    );
    const id = `indicator-${t}`;
    const table = twoWayTable(id, grid);
    tables.push(table);
    if (t % 4 === 0) {
      const cells: ProtectTable['cells'] = [];
      const totals: ProtectTable['totals'] = [];
      for (let c = 0; c < 6; c++) {
        const oslo = table.cells.find((cell) => cell.key === `${id}:all:c${c}`)!.value;
        const women = Math.round(oslo * random());
        const keys = [`${id}:women:c${c}`, `${id}:men:c${c}`];
        cells.push({ key: `${id}:all:c${c}`, value: oslo }, { key: keys[0]!, value: women }, { key: keys[1]!, value: oslo - women });
        totals.push({ total: `${id}:all:c${c}`, parts: keys });
      }
      tables.push({ id: `${id}-gender`, cells, totals });
    }
  }
  return tables;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const tables = makeRelease(config.tables);
const loadStart = performance.now();
await highsSolver();
const loadMs = performance.now() - loadStart;
const protectMs: number[] = [];
const auditMs: number[] = [];
let summary = { cells: 0, distinctCells: 0, primary: 0, secondary: 0, intervals: 0, ok: false };
for (let run = 0; run < config.runs; run++) {
  const t0 = performance.now();
  const ledger = await protect(tables);
  const t1 = performance.now();
  const audit = await auditRelease(tables, ledger);
  const t2 = performance.now();
  protectMs.push(t1 - t0);
  auditMs.push(t2 - t1);
  if (!audit.ok) throw new Error(`audit failed:\n${audit.problems.join('\n')}`);
  const distinct = (reason: string) => new Set(ledger.entries.filter((e) => e.reason === reason).map((e) => e.key)).size;
  summary = {
    cells: tables.reduce((n, t) => n + t.cells.length, 0),
    distinctCells: new Set(tables.flatMap((t) => t.cells.map((c) => c.key))).size,
    primary: distinct('primary'),
    secondary: distinct('secondary'),
    intervals: audit.intervals.length,
    ok: audit.ok,
  };
}

const result = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  config,
  tables: tables.length,
  ...summary,
  highsLoadMs: Math.round(loadMs),
  protectMs: protectMs.map(Math.round),
  auditMs: auditMs.map(Math.round),
};
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
const file = join(ROOT, 'bench', 'results', `disclosure-${result.when.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(
  [
    '| tables | cells (distinct) | primary | secondary | intervals | ' +
      'protect ms (first, median) | audit ms (first, median) | HiGHS load ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${tables.length} | ${summary.cells} (${summary.distinctCells}) | ${summary.primary} | ${summary.secondary} | ` +
      `${summary.intervals} | ${Math.round(protectMs[0]!)}, ${Math.round(median(protectMs))} | ` +
      `${Math.round(auditMs[0]!)}, ${Math.round(median(auditMs))} | ${Math.round(loadMs)} |`,
  ].join('\n'),
);
console.log(`\n${file}`);
