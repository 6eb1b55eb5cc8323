import { checkNodeVersion } from '../shared/runtime/node-version';

/** Test entry point: refuse the wrong Node before any test loads a native module. */
export default function setup(): void {
  const result = checkNodeVersion(process.versions.node);
  if (!result.ok) throw new Error(result.message);
}
