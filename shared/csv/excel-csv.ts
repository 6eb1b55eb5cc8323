/**
 * CSV that Swedish Excel opens as intended: UTF-8 with a BOM (so å, ä, ö survive), `;` between
 * fields (Swedish Excel's list separator), CRLF line ends, every field quoted. A cell that starts
 * with `=`, `+`, `-`, `@` (or a tab or carriage return) would be read as a formula — a way to run
 * commands on the reader's PC — so it gets a leading apostrophe and stays text.
 */
export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function field(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return `"${neutraliseCell(text).replace(/"/g, '""')}"`;
}

export function toExcelCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(field).join(';'));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
