import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one place the app window's web preferences are decided. Every isolation switch is set
 * explicitly, even where Electron's default already agrees, so a future default change or a
 * careless edit shows up in the test.
 */
export function createWindowOptions(preloadPath: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    title: 'Teamvalv',
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false, // shown on ready-to-show, so no blank white flash on the projector
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false, // the spellchecker would send typed case text to dictionaries and services
      devTools: options.devTools,
      safeDialogs: true,
    },
  };
}
