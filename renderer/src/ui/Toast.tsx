import type { ReactNode } from 'react';
import type { Message } from '../app/MessageLine';

export type { Message } from '../app/MessageLine';

/**
 * What an action did, shown beside the control that caused it (put it right after the button, or
 * wrap both in `ActionRow`), so it is seen where the user is looking and never drawn off-screen.
 *
 * The polite live region is always in the page (a region added together with its text is often
 * not announced), so a confirmation is read out when its text arrives; an error is added as
 * `role="alert"`, which is announced at once. The test id sits on the element holding the text,
 * only while there is one (as with `MessageLine`).
 */
export function Toast({ message, testId, okClassName = 'notice' }: { message: Message; testId?: string; okClassName?: string }) {
  const ok = message && !message.error ? message : null;
  const error = message?.error ? message : null;
  return (
    <span className="ui-toast">
      <span role="status" aria-live="polite" aria-atomic="true" className={ok ? okClassName : undefined} data-testid={ok ? testId : undefined}>
        {ok?.text}
      </span>
      {error && (
        <span role="alert" className="error" data-testid={testId}>
          {error.text}
        </span>
      )}
    </span>
  );
}

/** A button (or a few) with its Toast beside it. */
export function ActionRow({ message, testId, children }: { message: Message; testId?: string; children: ReactNode }) {
  return (
    <div className="action-row">
      {children}
      <Toast message={message} {...(testId ? { testId } : {})} />
    </div>
  );
}
