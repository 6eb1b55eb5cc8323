import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import type { ErrorCode, IpcResult } from '../../../shared/ipc/errors';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';

/** Wording for codes where the generic text would not say what to do on this screen (see errorMessage). */
export type SpecificErrors = Partial<Record<ErrorCode, string>>;

export interface Invoker {
  /**
   * Calls main through the bridge. Resolves with the answer, or with `null` when the answer came
   * too late to matter: a later call through the same hook was made, `cancel()` was called, or the
   * component is gone. A `null` answer must be ignored (nothing of it may be shown).
   */
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>, specific?: SpecificErrors): Promise<IpcResult<ChannelOutput<C>> | null>;
  /** Drops the answer of the call in flight, if any. */
  cancel(): void;
  /** A call is in flight. */
  readonly busy: boolean;
  /** The latest call's failure in the user's language (errorMessage), until the next call. */
  readonly error: string | null;
  /** Clears `error` (e.g. when the form the error was about is closed). */
  clearError(): void;
}

/**
 * One way to call main from a component: the latest call wins. Each hook instance keeps one line
 * of calls (a list that reloads, a form that saves); two independent lines are two hooks.
 */
export function useInvoke(defaults: SpecificErrors = {}): Invoker {
  const bridge = useBridge();
  const { t } = useTranslation();
  const latest = useRef(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The wording in effect when an answer arrives (callers pass a fresh object each render).
  const wording = useRef(defaults);
  wording.current = defaults;

  useEffect(() => {
    // Unmounted (or, in StrictMode, the first of two mounts): whatever is in flight is stale.
    return () => {
      latest.current += 1;
    };
  }, []);

  const invoke = useCallback(
    async <C extends Channel>(channel: C, input: ChannelInput<C>, specific?: SpecificErrors): Promise<IpcResult<ChannelOutput<C>> | null> => {
      latest.current += 1;
      const call = latest.current;
      setBusy(true);
      setError(null);
      const result = await bridge.invoke(channel, input);
      if (call !== latest.current) return null;
      setBusy(false);
      if (!result.ok) setError(errorMessage(t, result.error, { ...wording.current, ...specific }));
      return result;
    },
    [bridge, t],
  );
  const cancel = useCallback(() => {
    latest.current += 1;
    setBusy(false);
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { invoke, cancel, busy, error, clearError };
}

export interface Writes<K extends string> {
  /**
   * Calls main for the action `key` (a form's save, a place set, an archive). Resolves with the
   * answer, or `null` when a later call for the same action was made since, or the component is
   * gone. A call for another action never drops this one: a save's refusal is not hidden by a
   * later, different change succeeding.
   */
  write<C extends Channel>(key: K, channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput<C>> | null>;
  /** A call for `key` is on its way. */
  busy(key: K): boolean;
}

/**
 * Changes from one editor, each action its own line: within an action the latest call wins (two
 * saves of the same form: the second's answer is the one shown); across actions nothing is
 * dropped, so each action's answer reaches the place beside its own button.
 */
export function useWrites<K extends string>(): Writes<K> {
  const bridge = useBridge();
  const latest = useRef(new Map<K, number>());
  const inFlight = useRef(new Map<K, number>());
  const counter = useRef(0);
  const alive = useRef(true);
  const [, rerender] = useState(0);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const write = useCallback(
    async <C extends Channel>(key: K, channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput<C>> | null> => {
      counter.current += 1;
      const call = counter.current;
      latest.current.set(key, call);
      inFlight.current.set(key, (inFlight.current.get(key) ?? 0) + 1);
      rerender((n) => n + 1);
      try {
        const result = await bridge.invoke(channel, input);
        return alive.current && latest.current.get(key) === call ? result : null;
      } finally {
        inFlight.current.set(key, (inFlight.current.get(key) ?? 1) - 1);
        if (alive.current) rerender((n) => n + 1);
      }
    },
    [bridge],
  );
  const busy = useCallback((key: K) => (inFlight.current.get(key) ?? 0) > 0, []);
  return { write, busy };
}
