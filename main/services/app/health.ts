import { createCipheriv, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HealthCheck } from '../../../shared/ipc/contract';
import { checkNodeVersion } from '../../../shared/runtime/node-version';

/** Can this process write to the data folder? Writes and removes a small probe file. */
export async function checkDataDir(dataDir: string): Promise<HealthCheck> {
  const probe = path.join(dataDir, `.health-${randomBytes(4).toString('hex')}`);
  try {
    await fs.writeFile(probe, 'ok', { mode: 0o600 });
    await fs.rm(probe);
    return { name: 'data-dir', ok: true, detail: 'writable' };
  } catch (error) {
    return { name: 'data-dir', ok: false, detail: `not writable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

export function checkRuntime(nodeVersion: string): HealthCheck {
  const result = checkNodeVersion(nodeVersion);
  return { name: 'node-runtime', ok: result.ok, detail: `Node ${nodeVersion}` };
}

/** The primitives later issues depend on: Ed25519 signatures and AES-256-GCM. */
export function checkCrypto(): HealthCheck {
  try {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const message = randomBytes(32);
    const signature = sign(null, message, privateKey);
    const signed = verify(null, message, publicKey, signature);
    const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
    cipher.update(message);
    cipher.final();
    const tagLength = cipher.getAuthTag().length;
    const ok = signed && tagLength === 16;
    return { name: 'crypto', ok, detail: ok ? 'Ed25519, AES-256-GCM' : 'self-test failed' };
  } catch {
    return { name: 'crypto', ok: false, detail: 'unavailable' };
  }
}
