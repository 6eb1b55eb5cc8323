import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection, for tests that check memory is released (a WeakRef cleared, RSS
 * flat). `--expose-gc` set at run time reaches new contexts only, so `gc` comes from one; no
 * change to how vitest starts the process.
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export async function collectGarbage(): Promise<void> {
  // Let pending promise jobs and I/O callbacks drop their references first.
  await new Promise<void>((resolve) => setImmediate(resolve));
  gc();
  gc();
}
