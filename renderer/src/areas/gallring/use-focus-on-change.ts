import { type RefObject, useEffect, useRef } from 'react';

/**
 * A ref that takes focus whenever `value` changes to something (a result line, an error), so
 * keyboard and screen-reader users land on what their action produced.
 */
export function useFocusOnChange<T extends HTMLElement>(value: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (value !== null && value !== undefined && value !== '') ref.current?.focus();
  }, [value]);
  return ref;
}
