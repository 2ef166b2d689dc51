import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, firstInvalidUtf8, parseCsv, readCsv } from './tabular.ts';

describe('reading CSV', () => {
  it('parses quotes, doubled quotes, commas and line breaks inside quotes, CRLF, and counts lines', () => {
    const result = parseCsv('a,b\r\n"x, y","he said ""hi"""\r\n"two\nlines",3\r\n');
    expect(result).toEqual({
      ok: true,
      table: {
        header: ['a', 'b'],
        rows: [
          { line: 2, cells: ['x, y', 'he said "hi"'] },
          { line: 3, cells: ['two\nlines', '3'] },
        ],
      },
    });
  });

  it('reads what Norwegian Excel saves: semicolons, decimal commas, Windows-1252', () => {
    expect(detectDelimiter('district;row_type;value\nAlna;district;1,5')).toBe(';');
    expect(detectDelimiter('district,row_type\nAlna;x,1')).toBe(',');
    expect(detectDelimiter('"a,b";c\n1;2')).toBe(';');
    // Latin-1 characters are their own Windows-1252 bytes.
    const text = 'district;mean;note\r\nØstensjø;4,25;"1,5 er tekst; ikke tall"\r\n';
    const cp1252 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(readCsv(cp1252, 'windows-1252')).toEqual({
      ok: true,
      table: { header: ['district', 'mean', 'note'], rows: [{ line: 2, cells: ['Østensjø', '4.25', '1,5 er tekst; ikke tall'] }] },
    });
    // A comma file keeps its cells as written: "1,5" there would be two cells.
    expect(readCsv(new TextEncoder().encode('a,b\n"1,5",2\n'), 'utf-8')).toMatchObject({
      ok: true,
      table: { rows: [{ cells: ['1,5', '2'] }] },
    });
  });

  it('refuses a quote that never closes, naming its line', () => {
    expect(parseCsv('a\n"open\n')).toMatchObject({ ok: false, problem: { line: 2, message: expect.stringContaining('never closes') } });
  });

  it('finds the first byte that is not UTF-8, and accepts valid multi-byte text and a BOM', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('Østensjø – ok'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc3]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(decodeCsv(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), 'utf-8')).toEqual({ ok: true, text: 'a' });
  });

  it('refuses Windows-1252 bytes read as UTF-8, and decodes them when declared', () => {
    const bytes = Buffer.from('district\nSøndre Nordstrand\n', 'latin1');
    expect(readCsv(bytes, 'utf-8')).toMatchObject({
      ok: false,
      problem: { line: 2, field: 'file', message: expect.stringContaining('byte 0xF8 on line 2') },
    });
    expect(readCsv(bytes, 'windows-1252')).toMatchObject({ ok: true, table: { rows: [{ cells: ['Søndre Nordstrand'] }] } });
    // 0x80 is € in Windows-1252 (not a C1 control, as Latin-1 would read it).
    expect(decodeCsv(Uint8Array.from([0x80]), 'windows-1252')).toEqual({ ok: true, text: '€' });
  });
});
