import os from 'node:os';
import path from 'node:path';

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives for
 * productName Teamvalv, so both hosts open the same vault. `TEAMVALV_DATA_DIR` or `--data-dir`
 * overrides it (tests, demo vaults, a network share chosen by machine policy later).
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (env.TEAMVALV_DATA_DIR) return path.resolve(env.TEAMVALV_DATA_DIR);
  switch (platform) {
    case 'win32':
      return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Teamvalv');
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'Teamvalv');
    default:
      return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'Teamvalv');
  }
}

/** Which data folder to use: an explicit `--data-dir`, else the machine policy's, else the per-user default. */
export function resolveDataDir(explicit: string | undefined, policyDataDir: string | undefined): string {
  if (explicit) return path.resolve(explicit);
  if (policyDataDir) return path.resolve(policyDataDir);
  return defaultDataDir();
}
