/**
 * The page's Content-Security-Policy, the same in both hosts: nothing remote, no inline script,
 * no eval, no plugins, no framing, no form posts, no <base> games.
 * `connect-src 'self'` lets the browser-host page call its own loopback origin; in Electron the
 * page talks to main over IPC only, so there 'self' (the app:// origin) is all it can reach.
 * `worker-src 'self'`: the browser-host page's pulse worker (renderer/src/transport/pulse-worker.ts),
 * a script file served from the same origin; no blob: or data: workers.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
].join('; ');

/** Headers sent with every response of the app's own content, in both hosts. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
};
