// `electron` is mocked: its runtime cannot run on this machine. The mock captures what the
// preload exposes and what it sends, so the test checks the exact surface the page gets.
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  return {
    exposed,
    listeners,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })),
        on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener)),
        removeListener: vi.fn((channel: string) => listeners.delete(channel)),
      },
    },
  };
});
vi.mock('electron', () => electron.module);

const { bridge } = await import('./index');

describe('preload', () => {
  it('exposes exactly invoke and on as window.teamvalv', () => {
    expect([...electron.exposed.keys()]).toEqual(['teamvalv']);
    expect(Object.keys(electron.exposed.get('teamvalv') as object).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards contract channels to main and refuses others without calling main', async () => {
    await expect(bridge.invoke('app:info', {})).resolves.toEqual({ ok: true, value: 'from-main' });
    expect(electron.module.ipcRenderer.invoke).toHaveBeenCalledWith('teamvalv:invoke', 'app:info', {});
    electron.module.ipcRenderer.invoke.mockClear();
    await expect(bridge.invoke('vault:dump' as never, {} as never)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(electron.module.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('passes event payloads only, never the IpcRendererEvent, and unsubscribes', () => {
    const received: unknown[] = [];
    const off = bridge.on('host:shutdown', (payload) => received.push(payload));
    const listener = electron.listeners.get('teamvalv:event:host:shutdown');
    listener?.({ sender: 'ipcRenderer internals' }, { reason: 'quit' });
    expect(received).toEqual([{ reason: 'quit' }]);
    off();
    expect(electron.listeners.has('teamvalv:event:host:shutdown')).toBe(false);
  });

  it('ignores unknown events', () => {
    const off = bridge.on('vault:secret' as never, () => undefined);
    expect(electron.module.ipcRenderer.on).not.toHaveBeenCalledWith('teamvalv:event:vault:secret', expect.anything());
    off();
  });
});
