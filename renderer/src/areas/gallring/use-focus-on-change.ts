import { type RefObject, useEffect, useRef } from 'react';

/**
 * A ref that takes focus whenever `value` changes to something (a counter of fresh previews), so
 * keyboard and screen-reader users land on what their action produced. Never for a live region
 * (role=status/alert): its text is announced already, focus on it would say it twice.
 */
export function useFocusOnChange<T extends HTMLElement>(value: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (value !== null && value !== undefined && value !== '') ref.current?.focus();
  }, [value]);
  return ref;
}
