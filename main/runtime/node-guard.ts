import { checkNodeVersion } from '../../shared/runtime/node-version';

/**
 * Called first by every entry point, before any native module is loaded: on the wrong Node the
 * database binding segfaults rather than throwing, so we stop here with a message instead.
 */
export function exitUnlessSupportedNode(versions: NodeJS.ProcessVersions = process.versions): void {
  const result = checkNodeVersion(versions.node);
  if (!result.ok) {
    process.stderr.write(`${result.message}\n`);
    process.exit(1);
  }
}
