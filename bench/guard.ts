import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { scanText } from '../shared/guard/identifier-guard';
import { loadNameData, nameData } from '../shared/guard/name-data';
import { buildCorpus } from '../shared/guard/test-support/corpus';
import { type Measurement, measure } from './measure';

/**
 * The identifier guard (issue 17): unpacking its name data (names, the 795,000 Swedish word forms,
 * places, organisations) and scanning a 2,000-character note after that — the goal is a
 * median of at most 2 ms. The sizes of the guard's data (what it adds to the page's bundle,
 * raw and gzip) are printed.
 */
export async function runGuardBench(log: (line: string) => void = (line) => console.error(line)): Promise<Measurement[]> {
  const dataDir = 'shared/guard/data';
  let raw = 0;
  let gzip = 0;
  for (const file of fs.readdirSync(dataDir)) {
    const text = fs.readFileSync(`${dataDir}/${file}`);
    raw += text.length;
    gzip += gzipSync(text, { level: 9 }).length;
  }
  log(`guard data (shared/guard/data/*.ts, bundled into the page and main): ${(raw / 1e6).toFixed(2)} MB raw, ${(gzip / 1e6).toFixed(2)} MB gzip`);
  // A note as a chair writes one: name lines and clean lines of the corpus, interleaved, 2,000 characters.
  const corpus = buildCorpus();
  const names = corpus.filter((line) => line.label === 'name' || line.label === 'name-lowercase');
  const clean = corpus.filter((line) => line.label === 'clean');
  let note = '';
  for (let i = 0; note.length < 2000; i++) note += `${(i % 3 === 0 ? names[i % names.length] : clean[i % clean.length])?.text ?? ''} `;
  note = note.slice(0, 2000);
  const results: Measurement[] = [];
  results.push(await measure('guard: unpack name data (names, 795k word forms, places)', 20, () => loadNameData()));
  nameData();
  results.push(await measure('guard: scanText, 2,000-character note (after load)', 2000, () => scanText(note)));
  return results;
}
