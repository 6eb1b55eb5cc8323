import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryLogger } from '../main/runtime/log';
import { SCALES, type ScaleName, seedVault } from '../main/seed/seed-vault';
import { type KdfParams, calibrateKdf, measureKdf } from '../main/vault/keys/kdf';
import { FLOOR_KDF } from '../main/vault/test-support/fast-kdf';
import { seedProgressBar } from './progress';

/**
 * `npm run seed -- --scale decade|stress|tiny --data-dir D [--seed N] [--kdf calibrated|floor]`:
 * a vault of invented records in a new folder D (main/seed/seed-vault.ts says how it is made).
 */
const usage = 'usage: npm run seed -- --scale decade|stress|tiny --data-dir <new folder> [--seed <n>] [--kdf calibrated|floor] [--result-json <file>]';
const { values } = parseArgs({ options: { scale: { type: 'string' }, 'data-dir': { type: 'string' }, seed: { type: 'string' }, kdf: { type: 'string' }, 'result-json': { type: 'string' } } });
const scaleName = values.scale as ScaleName | undefined;
const dataDirArg = values['data-dir'];
if (!scaleName || !(scaleName in SCALES) || !dataDirArg) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const dataDir = path.resolve(dataDirArg);
if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
  process.stderr.write(`${dataDir} is not empty: seed into a new folder\n`);
  process.exit(2);
}
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
// The product calibrates Argon2id at setup; so does the seed unless told to use the floor.
const kdf: KdfParams = values.kdf === 'floor' ? FLOOR_KDF : await calibrateKdf(measureKdf);
const bar = seedProgressBar();
const started = Date.now();
const result = await seedVault({ dataDir, scale: SCALES[scaleName], ...(seed === undefined ? {} : { seed }), kdf, logger: new MemoryLogger(), onProgress: bar.update });
bar.end();
const seconds = (Date.now() - started) / 1000;
const minutes = (seconds / 60).toFixed(1);
// The bench keeps this beside its cached vault (what was seeded, with what, how long it took).
if (values['result-json']) writeFileSync(values['result-json'], `${JSON.stringify({ ...result, kdf, seconds: Math.round(seconds) }, null, 2)}\n`);
process.stdout.write(
  [
    `Seeded a ${result.scale} vault (seed ${result.seed}) in ${minutes} min: invented records only.`,
    `  data folder:  ${result.dataDir}`,
    `  admin:        ${result.admin.username} / ${result.admin.password}`,
    `  chairs:       ${result.chairs.join(', ')} (same password)`,
    `  psychologist: ${result.psychologist} (same password)`,
    `  Argon2id:     m=${kdf.memoryKiB} KiB, t=${kdf.iterations}, p=${kdf.parallelism}`,
    `  records:      ${Object.entries(result.counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`,
    `  last record:  ${result.endedAt} (open it with a clock after this)`,
    '',
  ].join('\n'),
);
