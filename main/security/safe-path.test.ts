import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInsideRoot } from './safe-path';

const root = path.resolve('/srv/app');

describe('resolveInsideRoot', () => {
  it('maps ordinary paths into the root', () => {
    expect(resolveInsideRoot(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveInsideRoot(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveInsideRoot(root, '/fonts/a%20b.woff2')).toBe(path.join(root, 'fonts', 'a b.woff2'));
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2E%2E%2Fsecret',
    '/..%5c..%5cwindows',
    '/assets\\..\\x',
    '/a%00b',
    '/%E0%A4%A',
    '/C:/Windows/win.ini',
    '//etc/passwd/..',
    '/./index.html',
  ])('refuses %s', (urlPath) => {
    expect(resolveInsideRoot(root, urlPath)).toBeNull();
  });
});
