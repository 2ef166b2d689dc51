import ExcelJS from 'exceljs';
import type { JsonStatDataset } from './stats.schemas.ts';

/*
 * Downloads of a dataset as a flat table: one row per cell with its area, period, value, status
 * and provenance, so a spreadsheet user sees the same numbers and the same caveats as the page.
 */

const HEADER = ['area_id', 'area', 'period', 'value', 'status', 'numerator', 'denominator', 'derivation', 'reason', 'findings', 'source'];

/** The dataset's cells as rows of text (the first row is the header). */
export function datasetRows(dataset: JsonStatDataset): (string | number | null)[][] {
  const [areaDim, periodDim] = dataset.id as [string, string];
  const areas = dataset.dimension[areaDim]!.category;
  const periods = dataset.dimension[periodDim]!.category;
  const findings = new Map(dataset.extension.findings.map((f) => [f.id, f.message.en]));
  const rows: (string | number | null)[][] = [HEADER];
  let i = 0;
  for (const area of areas.index) {
    for (const period of periods.index) {
      const cell = dataset.extension.cells[i]!;
      rows.push([
        area,
        areas.label[area] ?? area,
        period,
        dataset.value[i] ?? null,
        dataset.status[String(i)] ?? '',
        cell.numerator,
        cell.denominator,
        cell.derivation,
        cell.reason ?? '',
        cell.findings.map((id) => findings.get(id) ?? id).join(' | '),
        dataset.source,
      ]);
      i += 1;
    }
  }
  return rows;
}

const csvCell = (v: string | number | null) => {
  const text = v === null ? '' : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The dataset as UTF-8 CSV (RFC 4180). */
export function datasetCsv(dataset: JsonStatDataset): string {
  return (
    datasetRows(dataset)
      .map((row) => row.map(csvCell).join(','))
      .join('\r\n') + '\r\n'
  );
}

/** The dataset as an XLSX workbook: the table, and a sheet with the indicator's definition and findings. */
export async function datasetXlsx(dataset: JsonStatDataset): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('data');
  for (const row of datasetRows(dataset)) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  const about = workbook.addWorksheet('about');
  const i = dataset.extension.indicator;
  about.addRows([
    ['indicator', i.id],
    ['label', dataset.label],
    ['unit', i.unit.en],
    ['source', dataset.source],
    ['notes', i.notes],
    ['disclosure', dataset.extension.disclosure.rule],
    ...dataset.extension.findings.map((f) => ['finding', f.message.en]),
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
