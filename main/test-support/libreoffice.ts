import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

// Token 1 `;`, 2 `"`, 3 UTF-8, 4 first line 1, 5 no column formats, 6 sv-SE, 7 quoted field as
// text: false, 8 detect special numbers: false, 9–11 off, 12 sheet -1, 13 evaluate formulas: true.
const IMPORT_FILTER = 'CSV:59,34,76,1,,1053,false,false,false,false,false,-1,true';
const EXPORT_FILTER = 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,true,true,true,false,false';

/**
 * Opens a CSV file in LibreOffice Calc (Debian's libreoffice-calc-nogui; .ci/run installs it) with
 * explicit options — formula evaluation on, quoted fields as text off, the settings under which an
 * un-neutralised cell would run as a formula — and returns the sheet saved back as CSV.
 */
export async function libreOfficeReadBack(file: string, outDir: string, profileDir: string): Promise<string> {
  const result = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${profileDir}`, `--infilter=${IMPORT_FILTER}`, '--convert-to', EXPORT_FILTER, '--outdir', outDir, file], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.error) throw new Error(`LibreOffice (soffice) could not run: ${result.error.message}. Install libreoffice-calc-nogui.`);
  return fs.readFile(path.join(outDir, path.basename(file)), 'utf8').catch(() => {
    throw new Error(`LibreOffice wrote nothing:\n${result.stdout}${result.stderr}`);
  });
}
