/**
 * `Teamvalv --cli <command> …` in a packaged app (which has no npm): everything after `--cli` is
 * the admin command line, parsed before the app is ready, so no window opens.
 */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at < 0 ? null : argv.slice(at + 1);
}
