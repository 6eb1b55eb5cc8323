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
