/**
 * Reads CSV as Swedish Excel and LibreOffice write it: an optional UTF-8 BOM, `;` or `,` between
 * fields (whichever the header line uses more), fields optionally quoted with `"` (`""` inside),
 * CRLF or LF line ends, line breaks inside quoted fields. A cell that our own export neutralised
 * (`'=…`, `'+…`, `'-…`, `'@…`) comes back without the apostrophe. Empty lines are skipped; each
 * row keeps the line number it started on, for error messages.
 */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

export function detectDelimiter(firstLine: string): ';' | ',' {
  const count = (ch: string): number => firstLine.split(ch).length - 1;
  return count(';') >= count(',') ? ';' : ',';
}

const NEUTRALISED = /^'[=+\-@\t\r]/;

export function parseCsv(text: string): CsvRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(body.split(/\r?\n/, 1)[0] ?? '');
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endCell = (): void => {
    cells.push(NEUTRALISED.test(cell) ? cell.slice(1) : cell);
    cell = '';
  };
  const endRow = (): void => {
    endCell();
    if (cells.some((value) => value !== '')) rows.push({ line: rowLine, cells });
    cells = [];
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) endCell();
    else if (ch === '\r' && body[i + 1] === '\n') continue;
    else if (ch === '\n') {
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}
