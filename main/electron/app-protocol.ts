import fs from 'node:fs/promises';
import { contentTypeOf } from '../security/content-types';
import { SECURITY_HEADERS } from '../security/csp';
import { resolveInsideRoot } from '../security/safe-path';
import { APP_HOST, APP_SCHEME } from './app-origin';


export type AppRequestDecision = { readonly status: 200; readonly file: string; readonly contentType: string } | { readonly status: 403 | 404 };

/**
 * Decides what an `app://` request gets, without touching Electron: only our host, only GET,
 * only files inside the built renderer (the same traversal guard as the browser host).
 */
export function resolveAppRequest(rendererRoot: string, method: string, url: string): AppRequestDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 404 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || method !== 'GET') return { status: 403 };
  const file = resolveInsideRoot(rendererRoot, parsed.pathname);
  if (!file) return { status: 404 };
  return { status: 200, file, contentType: contentTypeOf(file) };
}

/** Turns the decision into a Response with the app's security headers (CSP, no-store, nosniff…). */
export async function respondToAppRequest(rendererRoot: string, request: { method: string; url: string }): Promise<Response> {
  const decision = resolveAppRequest(rendererRoot, request.method, request.url);
  if (decision.status !== 200) return new Response(null, { status: decision.status, headers: SECURITY_HEADERS });
  try {
    const data = await fs.readFile(decision.file);
    return new Response(data, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': decision.contentType } });
  } catch {
    return new Response(null, { status: 404, headers: SECURITY_HEADERS });
  }
}
