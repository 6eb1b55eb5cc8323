// The Electron runtime cannot run on this machine, so the guards are exercised on fake WebContents
// and Session objects of the same shape; `electron` itself is never imported (types only).
import { describe, expect, it, vi } from 'vitest';
import { MemoryLogger } from '../runtime/log';
import { type GuardedContents, type GuardedSession, hardenSession, hardenWebContents } from './navigation-guard';

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: (event: { preventDefault(): void }) => void) => {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
      openHandler = handler;
    },
  };
  return { contents: contents as unknown as GuardedContents, listeners, open: (url: string) => openHandler?.({ url }) };
}

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])('refuses %s', (name) => {
    const { contents, listeners } = fakeContents();
    hardenWebContents(contents, new MemoryLogger());
    const event = { preventDefault: vi.fn() };
    listeners.get(name)?.(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies window.open and target=_blank', () => {
    const { contents, open } = fakeContents();
    const logger = new MemoryLogger();
    hardenWebContents(contents, logger);
    expect(open('https://example.org/')).toEqual({ action: 'deny' });
    expect(open('app://teamvalv/index.html')).toEqual({ action: 'deny' });
    // The URL is not logged: it could carry text from a note.
    expect(JSON.stringify(logger.lines)).not.toContain('example.org');
  });
});

describe('hardenSession', () => {
  it('denies every permission request, check and device', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      setDevicePermissionHandler: (h: typeof device) => (device = h),
    } as unknown as GuardedSession;
    hardenSession(session);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'hid', 'fullscreen']) {
      const callback = vi.fn();
      request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(check?.()).toBe(false);
    expect(device?.()).toBe(false);
  });
});
