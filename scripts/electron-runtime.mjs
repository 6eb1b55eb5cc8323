// Is Electron's runtime on disk? Read from the electron package's path.txt and dist/, never by
// requiring the package: in plain Node, require('electron') starts a download (and throws offline).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The absolute path of the Electron binary when its runtime is installed and matches, else null. */
export function electronBinaryPath(root = process.cwd()) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
    const binary = path.join(pkgDir, 'dist', relative);
    const installed = readFileSync(path.join(pkgDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const wanted = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
    return relative && installed === wanted && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
