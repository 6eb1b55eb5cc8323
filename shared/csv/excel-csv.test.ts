import { describe, expect, it } from 'vitest';
import { CSV_BOM, neutraliseCell, toExcelCsv } from './excel-csv';

describe('toExcelCsv', () => {
  it('writes BOM, semicolons, CRLF and quotes every field', () => {
    expect(toExcelCsv(['Ärendebärare', 'Antal'], [['Åsa "Å" Öberg', 3], [null, '']])).toBe(
      `${CSV_BOM}"Ärendebärare";"Antal"\r\n"Åsa ""Å"" Öberg";"3"\r\n"";""\r\n`,
    );
  });

  it('neutralises cells that spreadsheets would run as formulas', () => {
    for (const cell of ['=1+1', '+46 70', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(cell)).toBe(`'${cell}`);
    expect(neutraliseCell('UT-2026-014')).toBe('UT-2026-014');
    expect(toExcelCsv(['a'], [['=HYPERLINK("http://x")']])).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});
