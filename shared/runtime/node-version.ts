/** The Node major every entry point needs: the database binding segfaults on Node 20 instead of throwing. */
export const REQUIRED_NODE_MAJOR = 22;

export type NodeVersionCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Checks a `process.versions.node` string. Pure, so each entry point can call it before it
 * loads any native module and print the message instead of crashing.
 */
export function checkNodeVersion(version: string | undefined): NodeVersionCheck {
  const major = Number(/^v?(\d+)\./.exec(version ?? '')?.[1] ?? NaN);
  if (Number.isInteger(major) && major >= REQUIRED_NODE_MAJOR) return { ok: true };
  return {
    ok: false,
    message:
      `Teamvalv needs Node ${REQUIRED_NODE_MAJOR} or newer, but this is Node ${version ?? 'unknown'}. ` +
      'Run it through npm (npm start, npm test), which uses the Node 22 that `npm install` placed in ' +
      'node_modules/.bin, or install Node 22.',
  };
}
