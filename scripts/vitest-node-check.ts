import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkNodeVersion } from '../shared/runtime/node-version';

/**
 * Test entry point: refuse the wrong Node before any test loads a native module, and keep the
 * per-PC audit witnesses of every test vault in a throwaway folder instead of the user's home.
 */
export default function setup(): () => void {
  const result = checkNodeVersion(process.versions.node);
  if (!result.ok) throw new Error(result.message);
  const witnessDir = mkdtempSync(path.join(os.tmpdir(), 'teamvalv-witness-'));
  process.env.TEAMVALV_WITNESS_DIR = witnessDir;
  // Tests never read this PC's real machine policy; the ones about policy point at their own file.
  process.env.TEAMVALV_POLICY_FILE = path.join(witnessDir, 'no-machine-policy.json');
  return () => rmSync(witnessDir, { recursive: true, force: true });
}
