// The Electron runtime cannot run on this machine (it is downloaded on first use, and the network is
// closed), so these tests check the options object the host hands to BrowserWindow. No electron import.
import { describe, expect, it } from 'vitest';
import { createWindowOptions } from './window-options';

describe('createWindowOptions', () => {
  it('isolates and sandboxes the page', () => {
    const options = createWindowOptions('/app/out/preload/preload.cjs', { devTools: false });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(options.show).toBe(false);
  });

  it('allows devtools only when asked (unpackaged development)', () => {
    expect(createWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});
