import type { ReactNode } from 'react';

/** A page-filling message for states where the app shell must not show (no session, session ended). */
export function FullPageMessage({ title, children, testId, reason }: { title: string; children: ReactNode; testId: string; reason?: string }) {
  return (
    <main className="full-page" data-testid={testId} data-reason={reason}>
      <h1>{title}</h1>
      {children}
    </main>
  );
}
