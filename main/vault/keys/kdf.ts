import { hashRaw } from '@node-rs/argon2';
import { z } from 'zod';

/** Floors from DESIGN.md: never weaker than m = 64 MiB, t = 3, whatever calibration says. */
export const KDF_FLOOR = { memoryKiB: 64 * 1024, iterations: 3 } as const;
export const KDF_TARGET_MS = 500;

export const KdfParams = z
  .object({
    algorithm: z.literal('argon2id'),
    version: z.literal(19),
    memoryKiB: z.number().int().min(KDF_FLOOR.memoryKiB).max(4 * 1024 * 1024),
    iterations: z.number().int().min(KDF_FLOOR.iterations).max(100),
    parallelism: z.number().int().min(1).max(16),
  })
  .strict();
export type KdfParams = z.infer<typeof KdfParams>;

// @node-rs/argon2 exports its enums as `const enum`, which isolated modules cannot inline.
const ARGON2ID = 2;
const VERSION_0X13 = 1;

/** Argon2id: password + 16-byte salt -> 32-byte key-encryption key. */
export async function deriveKey(password: string, salt: Uint8Array, params: KdfParams): Promise<Buffer> {
  return hashRaw(password.normalize('NFC'), {
    algorithm: ARGON2ID,
    version: VERSION_0X13,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: 32,
    salt,
  });
}

/**
 * Picks KDF cost for this machine: start at the floor and add iterations until one derivation
 * takes about `targetMs`. Timed `runs` times and the fastest taken: a busy machine is slower than
 * the machine, and one slow timing would leave the cost too low (measured: t = 3, 4 or 15 on one
 * day). Never below the floor. `timeMs` is injected so tests need not spend real seconds.
 */
export async function calibrateKdf(timeMs: (params: KdfParams) => Promise<number>, targetMs = KDF_TARGET_MS, runs = 5): Promise<KdfParams> {
  let params: KdfParams = { algorithm: 'argon2id', version: 19, memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations, parallelism: 1 };
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < Math.max(1, runs); run++) fastest = Math.min(fastest, await timeMs(params));
  if (fastest > 0 && fastest < targetMs) {
    // Time grows linearly with iterations at fixed memory.
    const iterations = Math.min(100, Math.max(KDF_FLOOR.iterations, Math.round((params.iterations * targetMs) / fastest)));
    params = { ...params, iterations };
  }
  return params;
}

/** Measures one real derivation (used by the product's calibration). */
export async function measureKdf(params: KdfParams): Promise<number> {
  const started = process.hrtime.bigint();
  await deriveKey('calibration', Buffer.alloc(16, 7), params);
  return Number(process.hrtime.bigint() - started) / 1e6;
}
