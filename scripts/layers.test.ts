import { ESLint } from 'eslint';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules are enforced twice (ESLint import rules and per-layer tsconfig projects). These
 * tests prove both halves fire: a forbidden import or global in each layer is reported.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function lintMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('ESLint layer rules', () => {
  it.each([
    ['shared/x/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['shared/x/probe.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['shared/x/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x/probe.ts', "import { createRouter } from '../../main/ipc/router';\nexport const a = createRouter;\n"],
    ['shared/x/probe.ts', 'export const a = window.location;\n'],
    ['renderer/src/probe.ts', "import path from 'node:path';\nexport const a = path;\n"],
    ['renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['renderer/src/probe.ts', "import { createAppCore } from '../../main/app-core';\nexport const a = createAppCore;\n"],
    ['main/services/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/services/probe.ts', "import { connect } from '../../renderer/src/transport';\nexport const a = connect;\n"],
    ['preload/probe.ts', "import { shell } from 'electron';\nexport const a = shell;\n"],
    ['preload/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['preload/probe.ts', "import { createRouter } from '../main/ipc/router';\nexport const a = createRouter;\n"],
  ])('%s refuses: %s', async (file, code) => {
    expect(await lintMessages(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/x/probe.ts', "import { z } from 'zod';\nimport { events } from '../ipc/events';\nexport const a = [z, events];\n"],
    ['main/electron/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/services/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['preload/probe.ts', "import { contextBridge, ipcRenderer } from 'electron';\nimport { CHANNELS } from '../shared/ipc/channels';\nexport const a = [contextBridge, ipcRenderer, CHANNELS];\n"],
  ])('%s allows: %s', async (file, code) => {
    expect(await lintMessages(file, code)).toEqual([]);
  });
});

/** Type-checks one probe file with a layer's own compiler options. */
function typeErrors(project: string, code: string): string[] {
  const configPath = path.resolve(project, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const probe = path.resolve(project, '__layer_probe__.ts');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (path.resolve(file) === probe ? code : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => path.resolve(file) === probe || fileExists(file);
  const program = ts.createProgram([probe], config.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('per-layer tsconfig projects', () => {
  it('shared/ sees neither DOM nor Node types', () => {
    expect(typeErrors('shared', 'export const a = document.title;\n').join()).toMatch(/Cannot find name 'document'/);
    expect(typeErrors('shared', 'export const a = process.pid;\n').join()).toMatch(/Cannot find name 'process'/);
    expect(typeErrors('shared', 'export const a: number = 1;\n')).toEqual([]);
  });

  it('renderer/ sees the DOM but not Node', () => {
    expect(typeErrors('renderer', 'export const a = document.title;\n')).toEqual([]);
    expect(typeErrors('renderer', 'export const a = process.pid;\n').join()).toMatch(/Cannot find name 'process'/);
  });

  it('main/ sees Node but not the DOM', () => {
    expect(typeErrors('main', 'export const a = process.pid;\n')).toEqual([]);
    expect(typeErrors('main', 'export const a = document.title;\n').join()).toMatch(/Cannot find name 'document'/);
  });
});
