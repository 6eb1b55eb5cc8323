import path from 'node:path';

/**
 * Maps a URL path onto a file inside `root`, or null when it would leave `root` (`..`, encoded
 * `%2e%2e`, backslashes, NUL, absolute or drive paths). Used by the browser host's static files
 * and Electron's app:// protocol alike. `/` maps to index.html.
 */
export function resolveInsideRoot(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  if (path.posix.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) return null;
  const segments = relative.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  const resolvedRoot = path.resolve(root);
  const target = path.resolve(resolvedRoot, ...segments);
  const inside = target.startsWith(resolvedRoot + path.sep);
  return inside ? target : null;
}
