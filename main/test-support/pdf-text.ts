import { spawnSync } from 'node:child_process';

/** A PDF's text as poppler's pdftotext reads it (.ci/run installs poppler-utils), from stdin: no temp file. */
export function pdfText(pdf: Buffer): string {
  const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  if (result.error) throw new Error(`pdftotext could not run (${result.error.message}). Install poppler-utils.`);
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout;
}
