/**
 * `npm run stats:import -- <file.csv|file.xlsx> --layout <id> --source "<citation>"
 *  --source-system "<system>" --extraction-date YYYY-MM-DD [--encoding utf-8|windows-1252]`:
 * imports one aggregate table into the statistics, all or nothing, through the same validation as
 * the staff page. Prints the report of every rejected row and field and exits 1 when the file is
 * refused (nothing is stored); exits 2 on wrong arguments or when a server holds the embedded
 * database. Uses the server's configuration (DATABASE_URL, or VEIVISER_DATA_DIR).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/platform/config.ts';
import { DataDirLockedError } from '../src/platform/data-dir-lock.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { allMigrations } from '../src/modules.ts';
import { importFieldsSchema } from '../src/stats/stats.schemas.ts';
import { importTable } from '../src/stats/stats.service.ts';

const usage =
  'usage: npm run stats:import -- <file.csv|file.xlsx> --layout <id> --source "<citation>" ' +
  '--source-system "<system>" --extraction-date YYYY-MM-DD [--encoding utf-8|windows-1252]';

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      layout: { type: 'string' },
      source: { type: 'string' },
      'source-system': { type: 'string' },
      'extraction-date': { type: 'string' },
      encoding: { type: 'string' },
    },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const [file] = parsed.positionals;
const fields = importFieldsSchema.safeParse({
  layout: parsed.values.layout,
  source: parsed.values.source,
  sourceSystem: parsed.values['source-system'],
  extractionDate: parsed.values['extraction-date'],
  ...(parsed.values.encoding ? { encoding: parsed.values.encoding } : {}),
});
if (!file || !fields.success) {
  for (const issue of fields.error?.issues ?? []) console.error(`--${String(issue.path[0])}: ${issue.message}`);
  console.error(usage);
  process.exit(2);
}

const config = loadConfig();
let handle: DatabaseHandle;
try {
  handle = await openDatabase(config.database);
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  console.error(`${error.message}\nWhile the server runs, import on the staff page (Statistikk → Import) instead.`);
  process.exit(2);
}
try {
  await migrateToLatest(handle.db, allMigrations());
  const bytes = readFileSync(file);
  const kind = file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
  const report = await handle.db
    .transaction()
    .execute((trx) => importTable(trx, { fields: fields.data, fileName: file, bytes, kind, importedBy: 'stats:import (command line)' }));
  if (report.stored) {
    const i = report.import!;
    console.log(
      `Imported ${file}: ${report.rowCount} rows, ${report.observationCount} cells as import ${i.id} ` +
        `(layout ${i.layoutId}, ${i.sourceSystem}, extracted ${i.extractionDate}, periods ${i.periodFrom ?? '—'}–${i.periodTo ?? '—'}).`,
    );
  } else {
    console.error(`Refused ${file}: nothing was stored. ${report.problems.length} problem(s):`);
    for (const p of report.problems) console.error(`  row ${p.row}, ${p.field}${p.value === null ? '' : ` «${p.value}»`}: ${p.message}`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
