import { describe, expect, it } from 'vitest';
import { toExcelCsv } from './excel-csv';
import { parseCsv } from './parse';

describe('parseCsv', () => {
  it('reads back what toExcelCsv writes, neutralised cells included', () => {
    const rows = [
      ['Åsa Öberg', '=1+1', 'a;b', 'citat "x"', 'rad\nbrytning'],
      ['-5', '@sum', '+46', '', 'slut'],
    ];
    const parsed = parseCsv(toExcelCsv(['Namn', 'A', 'B', 'C', 'D'], rows));
    expect(parsed.map((row) => row.cells)).toEqual([['Namn', 'A', 'B', 'C', 'D'], ...rows]);
    expect(parsed.map((row) => row.line)).toEqual([1, 2, 4]);
  });

  it('reads comma-separated, unquoted files with LF line ends and skips empty lines', () => {
    expect(parseCsv('Namn,Team\nKim,Alfa\n\nBo,Beta').map((row) => row.cells)).toEqual([
      ['Namn', 'Team'],
      ['Kim', 'Alfa'],
      ['Bo', 'Beta'],
    ]);
  });
});
