import type { BrowserWindow, BrowserWindowConstructorOptions, Display } from 'electron';
import type { PresentSlide } from '../../shared/meetings/model';
import type { Logger } from '../runtime/log';
import { APP_START_URL } from './app-origin';
import { sendEvent } from './ipc-transport';

export interface PresenterDeps {
  readonly createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  readonly screen: { getAllDisplays(): Display[]; getPrimaryDisplay(): Display };
  readonly windowOptions: BrowserWindowConstructorOptions;
  readonly logger: Logger;
}

/**
 * Two-screen meeting-room mode: the chair keeps the controls on the laptop, and a window on the
 * other display (the projector) shows the current slide only. That window has no session: its
 * calls are refused, and it receives nothing but the slides the chair's window sends, checked
 * against the contract. It closes when the mode ends or the vault locks.
 */
export function createPresenter(deps: PresenterDeps) {
  let window: BrowserWindow | null = null;
  return {
    open(): { opened: boolean } {
      if (window && !window.isDestroyed()) return { opened: true };
      const primary = deps.screen.getPrimaryDisplay();
      const external = deps.screen.getAllDisplays().find((display) => display.id !== primary.id);
      if (!external) return { opened: false };
      const { x, y, width, height } = external.bounds;
      window = deps.createWindow({ ...deps.windowOptions, title: 'Teamvalv – projektor', x, y, width, height, fullscreen: true, show: true, focusable: false, minWidth: 0, minHeight: 0 });
      window.on('closed', () => {
        window = null;
      });
      void window.loadURL(`${APP_START_URL}#present`);
      deps.logger.log('info', 'presenter', 'projector window opened', { displays: deps.screen.getAllDisplays().length });
      return { opened: true };
    },
    show(slide: PresentSlide): void {
      if (window && !window.isDestroyed()) sendEvent(window.webContents, 'present:slide', slide);
    },
    close(): void {
      if (window && !window.isDestroyed()) window.close();
      window = null;
    },
    /** Whether a call comes from the projector window (which may call nothing). */
    isProjector(webContentsId: number): boolean {
      return window !== null && !window.isDestroyed() && window.webContents.id === webContentsId;
    },
  };
}

export type Presenter = ReturnType<typeof createPresenter>;
