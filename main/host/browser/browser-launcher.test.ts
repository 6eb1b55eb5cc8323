import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserArgs, canOpenWindow, findBrowser } from './browser-launcher';

describe('findBrowser', () => {
  it('prefers TEAMVALV_BROWSER when it exists', () => {
    expect(findBrowser({ TEAMVALV_BROWSER: '/opt/c/chrome' }, 'linux', (f) => f === '/opt/c/chrome')).toBe('/opt/c/chrome');
    expect(findBrowser({ TEAMVALV_BROWSER: '/missing' }, 'linux', () => false)).toBeNull();
  });

  it('searches PATH on Linux', () => {
    const env = { PATH: ['/usr/local/bin', '/usr/bin'].join(path.delimiter) };
    expect(findBrowser(env, 'linux', (f) => f === '/usr/bin/chromium')).toBe('/usr/bin/chromium');
    expect(findBrowser(env, 'linux', () => false)).toBeNull();
  });

  it('looks in Program Files on Windows', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files' };
    const edge = 'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser(env, 'win32', (f) => f === edge)).toBe(edge);
  });
});

describe('canOpenWindow', () => {
  it('needs a display on Linux', () => {
    expect(canOpenWindow({}, 'linux')).toBe(false);
    expect(canOpenWindow({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(canOpenWindow({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(canOpenWindow({}, 'win32')).toBe(true);
  });
});

describe('browserArgs', () => {
  it('opens an app window on a fresh profile with nothing that phones home', () => {
    const args = browserArgs('http://127.0.0.1:1/#launch=x', '/tmp/p', { headless: false, isRoot: false });
    expect(args).toContain('--app=http://127.0.0.1:1/#launch=x');
    expect(args).toContain('--user-data-dir=/tmp/p');
    expect(args).toContain('--disable-background-networking');
    expect(args).not.toContain('--no-sandbox');
    expect(args).not.toContain('--headless=new');
  });

  it('drops the sandbox only for root, where Chromium will not start otherwise', () => {
    expect(browserArgs('u', '/p', { headless: true, isRoot: true })).toEqual(expect.arrayContaining(['--no-sandbox', '--headless=new']));
  });
});
