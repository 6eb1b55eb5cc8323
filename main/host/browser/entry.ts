import { fileURLToPath } from 'node:url';
import { exitUnlessSupportedNode } from '../../runtime/node-guard';
import type * as HostApp from './run';

// Entry point of out/main/browser-host.mjs. The Node check runs before anything else loads: the
// app itself is a separate bundle imported only afterwards, because an ES bundle hoists its
// external (possibly native) imports to the top, where they would load before any check.
exitUnlessSupportedNode();
const appBundle = new URL('./browser-host-app.mjs', import.meta.url).href;
const { runBrowserHost } = (await import(appBundle)) as typeof HostApp;
const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
process.exitCode = await runBrowserHost(process.argv.slice(2), staticDir);
