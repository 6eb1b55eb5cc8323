// The Electron runtime cannot run on this machine; app:// request handling is tested as the pure
// decision plus the Response it builds (Response is Node's own). No electron import.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import { isAppUrl } from './app-origin';
import { resolveAppRequest, respondToAppRequest } from './app-protocol';

const tempDir = useTempDirs();

describe('isAppUrl', () => {
  it('accepts only our own origin', () => {
    expect(isAppUrl('app://teamvalv/index.html')).toBe(true);
    expect(isAppUrl('app://teamvalv.evil/index.html')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://teamvalv/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('resolveAppRequest', () => {
  const root = path.resolve('/opt/teamvalv/out/renderer');
  it('maps app:// paths into the renderer folder', () => {
    expect(resolveAppRequest(root, 'GET', 'app://teamvalv/index.html')).toEqual({
      status: 200,
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
  });
  it.each(['app://teamvalv/../../etc/passwd', 'app://teamvalv/%2e%2e/%2e%2e/etc/passwd', 'app://teamvalv/a%5c..%5c..%5cx', 'app://teamvalv/%2e%2e%2f%2e%2e%2fx'])(
    'never leaves the renderer folder for %s',
    (url) => {
      // The URL parser folds dot segments first; whatever is left must still resolve inside the root.
      const decision = resolveAppRequest(root, 'GET', url);
      if (decision.status === 200) expect(decision.file.startsWith(root + path.sep)).toBe(true);
    },
  );
  it('refuses an encoded separator that would climb out', () => {
    expect(resolveAppRequest(root, 'GET', 'app://teamvalv/%2e%2e%2f%2e%2e%2fx').status).toBe(404);
    expect(resolveAppRequest(root, 'GET', 'app://teamvalv/a%5c..%5c..%5cx').status).toBe(404);
  });
  it('refuses other hosts and methods', () => {
    expect(resolveAppRequest(root, 'GET', 'app://evil/index.html').status).toBe(403);
    expect(resolveAppRequest(root, 'POST', 'app://teamvalv/index.html').status).toBe(403);
  });
});

describe('respondToAppRequest', () => {
  it('serves files with the CSP and no-store, and 404s what is missing', async () => {
    const root = await tempDir();
    await fs.writeFile(path.join(root, 'index.html'), '<!doctype html>');
    const ok = await respondToAppRequest(root, { method: 'GET', url: 'app://teamvalv/index.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.text()).toBe('<!doctype html>');
    expect((await respondToAppRequest(root, { method: 'GET', url: 'app://teamvalv/missing.js' })).status).toBe(404);
  });
});
