import { createContext, useContext } from 'react';
import type { Area } from './areas';

/**
 * Moves the app to an area and, optionally, to the element with id `section` in it (its heading,
 * or a roster tab `roster-tab-<name>`), which then gets the focus. App provides it.
 */
export type Navigate = (area: Area, section?: string | null) => void;

export const NavigateContext = createContext<Navigate>(() => undefined);

export function useNavigate(): Navigate {
  return useContext(NavigateContext);
}
