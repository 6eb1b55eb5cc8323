// Electron is mocked: the Electron runtime cannot run on this machine, so ipcMain is a fake with
// the same `handle` shape and the projector's window work is a recording stand-in; behind them
// run the real router and services on a temp data folder. No electron import.
import { describe, expect, it } from 'vitest';
import { IPC_EVENT_PREFIX, IPC_INVOKE } from '../../shared/ipc/channels';
import { type CoreOptions, createAppCore } from '../app-core';
import { ManualClock } from '../runtime/clock';
import { MemoryLogger } from '../runtime/log';
import { useTempDirs } from '../test-support/temp-dir';
import { FLOOR_KDF } from '../vault/test-support/fast-kdf';
import { type InvokeSender, type IpcSenders, type IpcMainLike, registerIpc, sendEvent } from './ipc-transport';
import type { HostChannelHandlers } from '../core/host-channels';

const tempDir = useTempDirs();

async function wiredIpc(senders?: IpcSenders, options: Pick<CoreOptions, 'hostChannels'> = {}) {
  const handlers = new Map<string, (event: InvokeSender, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => handlers.set(channel, listener) };
  const logger = new MemoryLogger();
  const core = await createAppCore({ host: 'electron', dataDir: await tempDir(), clock: new ManualClock('2026-11-23T08:00:00Z'), logger, kdf: FLOOR_KDF, ...options });
  registerIpc(ipcMain, core, logger, senders);
  const invoke = handlers.get(IPC_INVOKE);
  if (!invoke) throw new Error('no handler registered');
  const from = (url: string, id = 7) => ({ senderFrame: { url }, sender: { id } }) as unknown as InvokeSender;
  return { invoke, from, logger, core };
}

describe('registerIpc', () => {
  it('routes calls from the app page through the router', async () => {
    const { invoke, from } = await wiredIpc();
    await expect(invoke(from('app://teamvalv/index.html'), 'app:info', {})).resolves.toMatchObject({
      ok: true,
      value: { name: 'Teamvalv', host: 'electron' },
    });
    await expect(invoke(from('app://teamvalv/index.html'), 'settings:update', { language: 'xx' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await expect(invoke(from('app://teamvalv/index.html'), 42, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses calls from any other frame before the router sees them', async () => {
    const { invoke, from } = await wiredIpc();
    for (const url of ['https://example.org/', 'file:///tmp/x.html', 'app://evil/index.html', '']) {
      await expect(invoke(from(url), 'settings:update', { language: 'en' })).resolves.toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Not permitted' },
      });
    }
    // Nothing was changed by the refused calls.
    await expect(invoke(from('app://teamvalv/index.html'), 'settings:get', {})).resolves.toEqual({ ok: true, value: { language: 'sv' } });
  });
});

describe('host channels (two-screen meeting-room mode)', () => {
  const slide = { blank: false, heading: 'UT-2026-001', counter: '1 / 3', lines: ['Anteckning'] };
  const setup = { orgName: 'Samordningsteamet', orgNumber: '212000-2627', adminUsername: 'kim', adminDisplayName: 'Kim', password: 'möte varje tisdag klockan nio' };

  async function wiredWithHost(answers: Partial<{ open: unknown }> = {}) {
    const asked: [string, unknown][] = [];
    const hostChannels: HostChannelHandlers = {
      'present:open': (input) => (asked.push(['present:open', input]), 'open' in answers ? answers.open : { opened: true }),
      'present:show': (input) => (asked.push(['present:show', input]), {}),
      'present:close': (input) => (asked.push(['present:close', input]), {}),
    };
    const wired = await wiredIpc({ isRefusedSender: (id) => id === 99 }, { hostChannels });
    return { ...wired, asked, page: wired.from('app://teamvalv/index.html') };
  }

  it('go through the router like every channel: session, input, then the host does the window work', async () => {
    const { invoke, page, from, asked } = await wiredWithHost();
    expect(await invoke(page, 'present:open', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await invoke(page, 'vault:setup', setup);
    expect(await invoke(page, 'present:open', {})).toEqual({ ok: true, value: { opened: true } });
    expect(await invoke(page, 'present:show', { ...slide, extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invoke(page, 'present:show', slide)).toEqual({ ok: true, value: {} });
    expect(asked).toEqual([
      ['present:open', {}],
      ['present:show', slide],
    ]);
    // The projector window: every call refused, even status.
    expect(await invoke(from('app://teamvalv/index.html', 99), 'vault:status', {})).toEqual({ ok: false, error: { code: 'forbidden', message: 'Not permitted' } });
  });

  it('refuse an account that must change its password first, before the host is asked', async () => {
    const { invoke, page, asked } = await wiredWithHost();
    await invoke(page, 'vault:setup', setup);
    const added = (await invoke(page, 'accounts:add', { username: 'pia', displayName: 'Pia', roles: [] })) as { value: { oneTimePassword: string } };
    await invoke(page, 'vault:lock', {});
    expect(await invoke(page, 'vault:unlock', { username: 'pia', password: added.value.oneTimePassword })).toMatchObject({ ok: true, value: { account: { mustChangePassword: true } } });
    for (const [channel, input] of [['present:open', {}], ['present:show', slide], ['present:close', {}]] as const) {
      expect(await invoke(page, channel, input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(asked).toEqual([]);
  });

  it("check the host's answer against the contract: a wrong one is internal, never passed on", async () => {
    const { invoke, page, logger } = await wiredWithHost({ open: { opened: 'yes' } });
    await invoke(page, 'vault:setup', setup);
    expect(await invoke(page, 'present:open', {})).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(logger.lines.map((line) => line.message)).toContain('handler output failed its schema');
  });
});

describe('sendEvent', () => {
  it('sends contract-checked payloads on the prefixed channel, and not to destroyed windows', () => {
    const sent: [string, unknown][] = [];
    const target = { send: (channel: string, payload: unknown) => sent.push([channel, payload]), isDestroyed: () => false };
    sendEvent(target, 'host:shutdown', { reason: 'quit' });
    expect(sent).toEqual([[`${IPC_EVENT_PREFIX}host:shutdown`, { reason: 'quit' }]]);
    expect(() => sendEvent(target, 'host:shutdown', { reason: 'oops' } as never)).toThrow();
    sendEvent({ ...target, isDestroyed: () => true }, 'host:shutdown', { reason: 'quit' });
    expect(sent).toHaveLength(1);
  });
});
