import { type RenderResult, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { TeamvalvBridge } from '../../../../shared/ipc/bridge';
import type { IpcResult } from '../../../../shared/ipc/errors';
import { createI18n } from '../../i18n';
import { BridgeContext } from '../../ipc/bridge-context';

/** One call the page made through the fake bridge, answered when the test says so. */
export interface PendingCall {
  readonly channel: string;
  readonly input: unknown;
  answer(result: IpcResult<unknown>): void;
}

/** A bridge whose every answer the test gives by hand, in the order it chooses. */
export function controllableBridge(): { bridge: TeamvalvBridge; calls: PendingCall[] } {
  const calls: PendingCall[] = [];
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) =>
      new Promise((resolve) => {
        // The answer's type is the channel's output; the test answers with what that channel returns.
        calls.push({ channel, input, answer: (result) => resolve(result as never) });
      }),
    on: () => () => undefined,
  };
  return { bridge, calls };
}

/**
 * A bridge that answers each channel at once with the test's function for it, and a channel the
 * test gives none with `{ ok: true, value: unanswered }`; every call is kept in `asked`.
 */
export function answeringBridge(answers: Record<string, (input: unknown) => IpcResult<unknown>>, unanswered: unknown = null): { bridge: TeamvalvBridge; asked: { channel: string; input: unknown }[] } {
  const asked: { channel: string; input: unknown }[] = [];
  const bridge: TeamvalvBridge = {
    invoke: (channel, input) => {
      asked.push({ channel, input });
      const answer = answers[channel];
      // The answer's type is the channel's output; the test answers with what that channel returns.
      return Promise.resolve((answer ? answer(input) : { ok: true, value: unanswered }) as never);
    },
    on: () => () => undefined,
  };
  return { bridge, asked };
}

/** Renders inside the app's providers: Swedish texts, and the given bridge (or one that never answers). */
export async function renderInApp(ui: ReactNode, bridge: TeamvalvBridge = controllableBridge().bridge): Promise<RenderResult> {
  const i18n = await createI18n('sv');
  return render(
    <I18nextProvider i18n={i18n}>
      <BridgeContext.Provider value={bridge}>{ui}</BridgeContext.Provider>
    </I18nextProvider>,
  );
}
