/**
 * The browser host has no Electron guards, so the page itself refuses to be replaced: links that
 * leave the page or open new windows, `window.open` and form posts do nothing. The CSP
 * (`form-action 'none'`) backs the form rule; in Electron main denies all of these as well.
 * Nothing in Teamvalv needs to navigate: areas are React state, not URLs.
 */
export function installNavigationLock(win: Window): void {
  win.document.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target.closest('a[href], area[href]') : null;
      if (target) event.preventDefault();
    },
    { capture: true },
  );
  win.document.addEventListener('submit', (event) => event.preventDefault(), { capture: true });
  // Returning null is what a blocked popup looks like to callers.
  Object.defineProperty(win, 'open', { value: () => null, writable: false, configurable: false });
}
