import { KDF_FLOOR, type KdfParams } from '../keys/kdf';

/** The floor parameters (m = 64 MiB, t = 3): the cheapest the product allows, so tests stay quick. */
export const FLOOR_KDF: KdfParams = { algorithm: 'argon2id', version: 19, memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations, parallelism: 1 };
