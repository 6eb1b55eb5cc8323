import { runCli } from '../../cli/run-cli';

/** The real admin commands in a plain Node process, for the kill -9 soak tests (bundled by the test). */
process.exitCode = await runCli(process.argv.slice(2));
