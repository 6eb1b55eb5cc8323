import type { ReactNode } from 'react';

export interface EmptyStateAction {
  readonly label: string;
  readonly onPress: () => void;
}

/**
 * What a list or area says when it has nothing yet, and the next step as a button ("Inga
 * överlämningar ännu" — "Ny överlämning"). Without an action it only explains (e.g. whom to ask).
 */
export function EmptyState({ message, action, testId, children }: { message: string; action?: EmptyStateAction | undefined; testId?: string | undefined; children?: ReactNode }) {
  return (
    <div className="notice empty-state" data-testid={testId}>
      <p>{message}</p>
      {children}
      {action && (
        <button type="button" onClick={action.onPress}>
          {action.label}
        </button>
      )}
    </div>
  );
}
