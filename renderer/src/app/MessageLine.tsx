/** What an action answered: an error, or what it did. */
export type Message = { readonly error: boolean; readonly text: string } | null;

/**
 * The line that answers an action: announced as an alert when it failed, as a status otherwise.
 * Nothing is rendered without a message.
 */
export function MessageLine({ message, testId, okClassName = 'notice' }: { message: Message; testId?: string; okClassName?: string }) {
  if (!message) return null;
  return (
    <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : okClassName} data-testid={testId}>
      {message.text}
    </p>
  );
}
