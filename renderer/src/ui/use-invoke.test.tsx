// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamvalvBridge } from '../../../shared/ipc/bridge';
import { createI18n } from '../i18n';
import { BridgeContext } from '../ipc/bridge-context';
import { controllableBridge } from './test-support/app';
import { useInvoke, useWrites } from './use-invoke';

afterEach(cleanup);

async function hook(bridge: TeamvalvBridge) {
  const i18n = await createI18n('sv');
  const wrapper = ({ children }: { children: ReactNode }) => (
    <I18nextProvider i18n={i18n}>
      <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>
    </I18nextProvider>
  );
  return { ...renderHook(() => useInvoke({ conflict: 'Någon hann före: ladda om listan.' }), { wrapper }), i18n };
}

const CASES = { teamId: '00000000-0000-4000-8000-000000000001' };

describe('useInvoke', () => {
  it('drops an earlier call’s answer that arrives after a later call’s: the later call wins', async () => {
    const { bridge, calls } = controllableBridge();
    const { result } = await hook(bridge);
    let first: unknown = 'pending';
    let second: unknown = 'pending';
    act(() => {
      void result.current.invoke('cases:list', CASES).then((answer) => (first = answer));
      void result.current.invoke('cases:list', CASES).then((answer) => (second = answer));
    });
    expect(calls.map((call) => call.channel)).toEqual(['cases:list', 'cases:list']);
    expect(result.current.busy).toBe(true);
    // The later call is answered first, then the earlier one, late.
    await act(async () => calls[1]?.answer({ ok: true, value: ['newer'] }));
    await act(async () => calls[0]?.answer({ ok: true, value: ['older'] }));
    expect(second).toEqual({ ok: true, value: ['newer'] });
    expect(first).toBeNull();
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();
  });

  it('drops a late failure too: an earlier call’s error is not shown over the later call’s answer', async () => {
    const { bridge, calls } = controllableBridge();
    const { result } = await hook(bridge);
    act(() => {
      void result.current.invoke('cases:list', CASES);
      void result.current.invoke('cases:list', CASES);
    });
    await act(async () => calls[1]?.answer({ ok: true, value: [] }));
    await act(async () => calls[0]?.answer({ ok: false, error: { code: 'internal', message: 'x' } }));
    expect(result.current.error).toBeNull();
  });

  it('reports the latest call’s error in the user’s language, with the wording given for this screen', async () => {
    const { bridge, calls } = controllableBridge();
    const { result, i18n } = await hook(bridge);
    let answer: unknown;
    act(() => void result.current.invoke('cases:list', CASES).then((a) => (answer = a)));
    await act(async () => calls[0]?.answer({ ok: false, error: { code: 'forbidden', message: 'no' } }));
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: 'no' } });
    expect(result.current.error).toBe(i18n.t('errors.forbidden'));
    expect(result.current.error).not.toBe('');
    act(() => void result.current.invoke('cases:list', CASES));
    // A new call clears the old error until its own answer.
    expect(result.current.error).toBeNull();
    await act(async () => calls[1]?.answer({ ok: false, error: { code: 'conflict', message: 'changed' } }));
    expect(result.current.error).toBe('Någon hann före: ladda om listan.');
    act(() => result.current.clearError());
    expect(result.current.error).toBeNull();
  });

  it('drops the answer after cancel() and after unmount', async () => {
    const { bridge, calls } = controllableBridge();
    const { result, unmount } = await hook(bridge);
    let cancelled: unknown = 'pending';
    act(() => {
      void result.current.invoke('cases:list', CASES).then((a) => (cancelled = a));
      result.current.cancel();
    });
    expect(result.current.busy).toBe(false);
    await act(async () => calls[0]?.answer({ ok: true, value: [] }));
    expect(cancelled).toBeNull();

    let afterUnmount: unknown = 'pending';
    act(() => void result.current.invoke('cases:list', CASES).then((a) => (afterUnmount = a)));
    unmount();
    await act(async () => calls[1]?.answer({ ok: false, error: { code: 'internal', message: 'late' } }));
    await waitFor(() => expect(afterUnmount).toBeNull());
  });
});

describe('useWrites', () => {
  async function writesHook(bridge: TeamvalvBridge) {
    const wrapper = ({ children }: { children: ReactNode }) => <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
    return renderHook(() => useWrites<'save' | 'place'>(), { wrapper });
  }
  const MEMBER = { memberId: '00000000-0000-4000-8000-000000000002', teamId: '00000000-0000-4000-8000-000000000001', date: '2026-12-07' };

  it('a refused save is still answered when a different change made after it succeeds first', async () => {
    const { bridge, calls } = controllableBridge();
    const { result } = await writesHook(bridge);
    let save: unknown = 'pending';
    let place: unknown = 'pending';
    act(() => {
      void result.current.write('save', 'roster:end-membership', MEMBER).then((answer) => (save = answer));
      void result.current.write('place', 'roster:end-membership', MEMBER).then((answer) => (place = answer));
    });
    expect(result.current.busy('save')).toBe(true);
    expect(result.current.busy('place')).toBe(true);
    await act(async () => calls[1]?.answer({ ok: true, value: 'placed' }));
    await act(async () => calls[0]?.answer({ ok: false, error: { code: 'invalid_input', message: 'x', detail: { field: 'email' } } }));
    expect(place).toEqual({ ok: true, value: 'placed' });
    expect(save).toEqual({ ok: false, error: { code: 'invalid_input', message: 'x', detail: { field: 'email' } } });
    expect(result.current.busy('save')).toBe(false);
  });

  it('within one action the later call wins: the earlier answer, arriving late, is dropped', async () => {
    const { bridge, calls } = controllableBridge();
    const { result } = await writesHook(bridge);
    let first: unknown = 'pending';
    let second: unknown = 'pending';
    act(() => {
      void result.current.write('save', 'roster:end-membership', MEMBER).then((answer) => (first = answer));
      void result.current.write('save', 'roster:end-membership', MEMBER).then((answer) => (second = answer));
    });
    await act(async () => calls[1]?.answer({ ok: true, value: 'newer' }));
    expect(result.current.busy('save')).toBe(true);
    await act(async () => calls[0]?.answer({ ok: true, value: 'older' }));
    expect(second).toEqual({ ok: true, value: 'newer' });
    expect(first).toBeNull();
    expect(result.current.busy('save')).toBe(false);
  });
});
