import { exitUnlessSupportedNode } from '../runtime/node-guard';
import type * as Cli from '../cli/run-cli';
import { cliArguments } from './cli-switch';
import type * as ElectronApp from './main';

// Entry point of out/main/electron-main.cjs. Electron 45 embeds Node 22; the check still runs
// first, before anything native could load, so a mismatched runtime says so instead of crashing.
exitUnlessSupportedNode();
const cli = cliArguments(process.argv);
if (cli) {
  // Admin commands in the packaged app: no window, real exit codes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS bundle: load only after the check
  const { runCli } = require('../cli/run-cli') as typeof Cli;
  void runCli(cli).then((code) => process.exit(code));
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS bundle: load the app only after the check
  const { startElectronApp } = require('./main') as typeof ElectronApp;
  startElectronApp();
}
