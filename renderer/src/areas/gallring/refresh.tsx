import { type ReactNode, createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';

/**
 * One counter for everything gallring shows: bumped after an action that changes what is due or
 * what the schedule says (rules saved, a purge, an early gallring, the schedule turned on or off).
 * The banner and Settings reload their status when it changes, and a purge preview made under an
 * older version is no longer offered (its counts may not hold).
 */
interface RetentionRefresh {
  readonly version: number;
  /** Bumps the version and returns the new one (to tag what the caller loads next). */
  readonly bump: () => number;
}

const RetentionRefreshContext = createContext<RetentionRefresh | null>(null);

export function RetentionRefreshProvider({ children }: { children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const counter = useRef(0);
  const bump = useCallback(() => {
    counter.current += 1;
    setVersion(counter.current);
    return counter.current;
  }, []);
  const value = useMemo(() => ({ version, bump }), [version, bump]);
  return <RetentionRefreshContext.Provider value={value}>{children}</RetentionRefreshContext.Provider>;
}

export function useRetentionRefresh(): RetentionRefresh {
  const refresh = useContext(RetentionRefreshContext);
  if (!refresh) throw new Error('useRetentionRefresh outside RetentionRefreshProvider');
  return refresh;
}
