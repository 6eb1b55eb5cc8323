import { type RefObject, useEffect, useRef } from 'react';

/**
 * A ref that takes focus whenever `value` changes to something (a counter of fresh previews), so
 * keyboard and screen-reader users land on what their action produced. Never for a live region
 * (role=status/alert): its text is announced already, focus on it would say it twice. With
 * `within`, the ref's element is a container and the first element in it matching the selector
 * takes focus (a ui/Field's input, which takes no ref of its own).
 */
export function useFocusOnChange<T extends HTMLElement>(value: unknown, within?: string): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (value === null || value === undefined || value === '') return;
    const target = within ? ref.current?.querySelector<HTMLElement>(within) : ref.current;
    target?.focus();
  }, [value, within]);
  return ref;
}
