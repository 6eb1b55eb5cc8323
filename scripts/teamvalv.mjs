#!/usr/bin/env node
// `npx teamvalv <command>` in development: the admin commands, built on demand. Installed apps
// run the same code as `Teamvalv --cli <command>`.
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { exitUnlessSupportedNode } from './node-guard.mjs';

await exitUnlessSupportedNode();
const root = new URL('..', import.meta.url);
process.chdir(fileURLToPath(root));
if (!buildIfStale()) process.exit(1);
await import(new URL('out/main/cli.mjs', root).href);
