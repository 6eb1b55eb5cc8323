// electron is not imported: the presenter gets its window factory and screen from main.ts, and
// here a recorder with the same shape (the Electron runtime cannot run on this machine).
import { describe, expect, it } from 'vitest';
import { IPC_EVENT_PREFIX } from '../../shared/ipc/channels';
import { MemoryLogger } from '../runtime/log';
import { createPresenter } from './presentation';

function fakeElectron(displays: number) {
  const windows: { options: Record<string, unknown>; loaded: string[]; sent: [string, unknown][]; closed: boolean; webContents: { id: number; send: (c: string, p: unknown) => void; isDestroyed: () => boolean } }[] = [];
  const all = Array.from({ length: displays }, (_, i) => ({ id: i + 1, bounds: { x: i * 1920, y: 0, width: 1920, height: 1080 } }));
  const createWindow = (options: Record<string, unknown>) => {
    const record = {
      options,
      loaded: [] as string[],
      sent: [] as [string, unknown][],
      closed: false,
      webContents: { id: 40 + windows.length, send: (channel: string, payload: unknown) => record.sent.push([channel, payload]), isDestroyed: () => record.closed },
    };
    windows.push(record);
    const window = { webContents: record.webContents, loadURL: async (url: string) => void record.loaded.push(url), on: () => window, isDestroyed: () => record.closed, close: () => void (record.closed = true) };
    return window;
  };
  const screen = { getAllDisplays: () => all, getPrimaryDisplay: () => all[0] };
  // Typed loosely on purpose: a structural stand-in for BrowserWindow and Display.
  const presenter = createPresenter({ createWindow: createWindow as never, screen: screen as never, windowOptions: { webPreferences: { sandbox: true } }, logger: new MemoryLogger() });
  return { presenter, windows };
}

describe('createPresenter', () => {
  it('opens nothing with one display: meeting-room mode stays in the window', () => {
    const { presenter, windows } = fakeElectron(1);
    expect(presenter.open()).toEqual({ opened: false });
    expect(windows).toHaveLength(0);
  });

  it('opens a full-screen window on the other display that shows only the slides it is sent', () => {
    const { presenter, windows } = fakeElectron(2);
    expect(presenter.open()).toEqual({ opened: true });
    expect(presenter.open()).toEqual({ opened: true }); // one projector window at most
    expect(windows).toHaveLength(1);
    const projector = windows[0];
    expect(projector?.options).toMatchObject({ x: 1920, y: 0, width: 1920, height: 1080, fullscreen: true, focusable: false, webPreferences: { sandbox: true } });
    expect(projector?.loaded).toEqual(['app://teamvalv/index.html#present']);
    const slide = { blank: false, heading: 'UT-2026-001', counter: 'Punkt 1 av 2', lines: ['Anteckning'] };
    presenter.show(slide);
    expect(projector?.sent).toEqual([[`${IPC_EVENT_PREFIX}present:slide`, slide]]);
    expect(() => presenter.show({ ...slide, lines: 'x' } as never)).toThrow();
    expect(presenter.isProjector(projector?.webContents.id ?? -1)).toBe(true);
    presenter.close();
    expect(projector?.closed).toBe(true);
    expect(presenter.isProjector(projector?.webContents.id ?? -1)).toBe(false);
  });
});
