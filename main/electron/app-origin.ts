/** The app's own origin: a privileged custom scheme, so the page is never a file:// or remote URL. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'teamvalv';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs on the app's own origin (parsed, not prefix-matched: `app://teamvalv.evil` fails). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
