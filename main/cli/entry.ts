import { exitUnlessSupportedNode } from '../runtime/node-guard';
import type * as CliApp from './run-cli';

// Entry point of out/main/cli.mjs: the Node check first, then the app bundle (which loads the
// native database binding).
exitUnlessSupportedNode();
const { runCli } = (await import(new URL('./cli-app.mjs', import.meta.url).href)) as typeof CliApp;
process.exitCode = await runCli(process.argv.slice(2));
