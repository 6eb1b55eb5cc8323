import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Health } from '../../shared/ipc/contract';
import { startCoreWorker } from '../core/worker-core';
import { MemoryLogger } from '../runtime/log';
import { checkCrypto } from '../services/app/health';

export interface SelfTestResult {
  readonly ok: boolean;
  readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[];
}

/**
 * The startup self-test for machines that have the Electron runtime (`--self-test`, run by
 * `npm run smoke:electron` and by a packaged app): the bundle's files are there, a temp data
 * folder works through the real router in the core worker (which loads the native database
 * binding and Argon2 in a worker thread, as the app does), Ed25519 and AES-256-GCM work in this
 * runtime (Electron's BoringSSL differs from Node's OpenSSL).
 */
export async function runSelfTest(bundleDir: string): Promise<SelfTestResult> {
  const checks: { name: string; ok: boolean; detail: string }[] = [];
  for (const [name, file] of [
    ['preload', path.join(bundleDir, '..', 'preload', 'preload.cjs')],
    ['renderer', path.join(bundleDir, '..', 'renderer', 'index.html')],
  ] as const) {
    checks.push({ name, ok: existsSync(file), detail: existsSync(file) ? 'present' : `missing: ${file}` });
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-selftest-'));
  try {
    const core = await startCoreWorker({ script: path.join(bundleDir, 'core-worker.mjs'), config: { host: 'electron', dataDir }, logger: new MemoryLogger() });
    const result = await core.call('app:health', {}, 'self-test');
    await core.close();
    const health = result.ok ? Health.safeParse(result.value) : null;
    const ok = Boolean(health?.success && health.data.status === 'ok');
    checks.push({ name: 'core-worker+health', ok, detail: ok ? 'app:health ok' : JSON.stringify(result.ok ? health?.data?.checks : result.error) });
  } catch (error) {
    checks.push({ name: 'core-worker+health', ok: false, detail: error instanceof Error ? error.name : 'error' });
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  const crypto = checkCrypto();
  checks.push({ name: 'crypto', ok: crypto.ok, detail: crypto.detail });
  return { ok: checks.every((check) => check.ok), checks };
}
