import ExcelJS from 'exceljs';

/*
 * Reading an uploaded table into header + rows of text, before any validation. CSV is decoded
 * strictly: UTF-8 unless the importer declares Windows-1252, and invalid UTF-8 is refused with the
 * line and byte where it starts (a cp1252 export read as UTF-8 would otherwise turn «ø» into
 * «�» silently). XLSX is read from its first worksheet; merged cells in the header are refused.
 */

export const ENCODINGS = ['utf-8', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** A table as read: header cells and each data row with its line (CSV) or row number (XLSX). */
export type RawTable = { header: string[]; rows: { line: number; cells: string[] }[] };

/** Why a file could not be read at all; `line` 1 is the header. */
export type ReadProblem = { line: number; field: string; message: string };

export type ReadResult = { ok: true; table: RawTable } | { ok: false; problem: ReadProblem };

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let extra: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [extra, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [extra, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [extra, min] = [3, 0x10000];
    else return i;
    if (i + extra >= bytes.length) return i;
    let code = b & (0xff >> (extra + 2));
    for (let k = 1; k <= extra; k += 1) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += extra + 1;
  }
  return -1;
}

/**
 * Windows-1252's characters at 0x80–0x9F (the rest is Latin-1). Node's TextDecoder reads the label
 * windows-1252 as Latin-1 without full ICU, which would turn € into a control character.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Decodes Windows-1252 bytes. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
  return out;
}

/** Decodes CSV bytes: strict UTF-8 (a BOM is dropped), or Windows-1252 when declared. */
export function decodeCsv(bytes: Uint8Array, encoding: Encoding): { ok: true; text: string } | { ok: false; problem: ReadProblem } {
  if (encoding === 'windows-1252') return { ok: true, text: decodeWindows1252(bytes) };
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i += 1) if (bytes[i] === 0x0a) line += 1;
    const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      problem: {
        line,
        field: 'file',
        message:
          `is not valid UTF-8: byte 0x${byte} on line ${line} (offset ${bad}). ` +
          'Save the file as UTF-8, or import it with encoding windows-1252 if it is a Windows-1252 (Excel "CSV") export',
      },
    };
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return { ok: true, text: text.startsWith('\ufeff') ? text.slice(1) : text };
}

/** The two separators CSV files come with here: RFC 4180's comma, and the semicolon Norwegian Excel writes. */
export type Delimiter = ',' | ';';

/**
 * The separator of a CSV file, from its header line: a semicolon when the header has semicolons
 * outside quotes and no commas there (what Excel in a Norwegian locale saves), else a comma.
 */
export function detectDelimiter(text: string): Delimiter {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas += 1;
    else if (!quoted && ch === ';') semicolons += 1;
  }
  return semicolons > 0 && commas === 0 ? ';' : ',';
}

/** A number written with a decimal comma ("12,5", "-0,87"), as semicolon files write them. */
const DECIMAL_COMMA = /^-?\d+,\d+$/;

/** Parses RFC 4180 CSV (comma or semicolon, double quotes, CRLF or LF); lines are counted in the file. */
export function parseCsv(text: string, delimiter: Delimiter = ','): { ok: true; table: RawTable } | { ok: false; problem: ReadProblem } {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let afterQuote = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell !== '' || afterQuote)
        return { ok: false, problem: { line, field: 'file', message: `has a quote inside an unquoted cell on line ${line}` } };
      quoted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      afterQuote = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      cells.push(cell);
      records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      afterQuote = false;
      line += 1;
      recordLine = line;
    } else {
      if (afterQuote) return { ok: false, problem: { line, field: 'file', message: `has text after a closing quote on line ${line}` } };
      cell += ch;
    }
  }
  if (quoted)
    return {
      ok: false,
      problem: { line: recordLine, field: 'file', message: `has a quote opened on line ${recordLine} that never closes` },
    };
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  const nonEmpty = records.filter((r) => !(r.cells.length === 1 && r.cells[0] === ''));
  const [header, ...rows] = nonEmpty;
  if (!header) return { ok: false, problem: { line: 1, field: 'file', message: 'is empty: the first line must be the header' } };
  return { ok: true, table: { header: header.cells.map((c) => c.trim()), rows } };
}

/**
 * Reads a CSV file's bytes into a table. A semicolon-separated file writes decimals with a comma
 * (the Norwegian convention; thousands are never grouped in these files): such a number is read as
 * the same number with a dot, so validation sees one notation. Nothing else in a cell changes.
 */
export function readCsv(bytes: Uint8Array, encoding: Encoding): ReadResult {
  const decoded = decodeCsv(bytes, encoding);
  if (!decoded.ok) return decoded;
  const delimiter = detectDelimiter(decoded.text);
  const parsed = parseCsv(decoded.text, delimiter);
  if (!parsed.ok || delimiter === ',') return parsed;
  const rows = parsed.table.rows.map((r) => ({
    ...r,
    cells: r.cells.map((c) => (DECIMAL_COMMA.test(c.trim()) ? c.trim().replace(',', '.') : c)),
  }));
  return { ok: true, table: { header: parsed.table.header, rows } };
}

/** The text of an XLSX cell value as a CSV export would show it (numbers without grouping). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText(value.result);
  if ('text' in value) return value.text;
  if ('error' in value) return value.error;
  return '';
}

/** Reads the first worksheet of an XLSX file; merged cells in the header row are refused. */
export async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return { ok: false, problem: { line: 1, field: 'file', message: `is not a readable XLSX workbook (${(error as Error).message})` } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, problem: { line: 1, field: 'file', message: 'has no worksheet' } };
  const merges = (sheet.model as { merges?: string[] }).merges ?? [];
  const inHeader = merges.filter((range) => /^[A-Z]+1:/.test(range));
  if (inHeader.length > 0) {
    return {
      ok: false,
      problem: {
        line: 1,
        field: 'header',
        message: `has merged cells (${inHeader.join(', ')}): the header must be one row with one column name per cell`,
      },
    };
  }
  const width = sheet.columnCount;
  const rows: { line: number; cells: string[] }[] = [];
  let header: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c += 1) cells.push(cellText(row.getCell(c).value).trim());
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (rowNumber === 1) header = cells;
    else if (cells.length > 0) rows.push({ line: rowNumber, cells });
  });
  if (header.length === 0)
    return { ok: false, problem: { line: 1, field: 'header', message: 'is missing: row 1 must hold the column names' } };
  return { ok: true, table: { header, rows } };
}
