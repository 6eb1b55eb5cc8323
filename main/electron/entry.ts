import { exitUnlessSupportedNode } from '../runtime/node-guard';
import type * as ElectronApp from './main';

// Entry point of out/main/electron-main.cjs. Electron 45 embeds Node 22; the check still runs
// first, before anything native could load, so a mismatched runtime says so instead of crashing.
exitUnlessSupportedNode();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS bundle: load the app only after the check
const { startElectronApp } = require('./main') as typeof ElectronApp;
startElectronApp();
