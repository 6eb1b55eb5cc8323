import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';

/**
 * A channel's prefix names the folder that handles it (issue 19): `keys:import` is answered by
 * main/services/keys/, never by another domain's handlers file. The channel names are the contract
 * with the renderer and do not change; the handlers move.
 */
const SERVICES = path.resolve('main/services');
const CHANNELS = new Set(Object.keys(contract));

/** The contract channels a source file answers: the string-named properties of its object literals. */
function channelsIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node)) && (ts.isStringLiteral(node.name) || ts.isIdentifier(node.name)) && CHANNELS.has(node.name.text)) found.push(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every non-test source file under main/services/<folder>/, with its folder. */
function serviceFiles(): { folder: string; file: string; text: string }[] {
  return readdirSync(SERVICES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(path.join(SERVICES, entry.name), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('test-support'))
        .map((name) => ({ folder: entry.name, file: path.join(entry.name, name), text: readFileSync(path.join(SERVICES, entry.name, name), 'utf8') })),
    );
}

/** `channel in folder/file` for each channel answered outside the folder its prefix names. */
function misplaced(files: readonly { folder: string; file: string; text: string }[]): string[] {
  return files.flatMap(({ folder, file, text }) => channelsIn(file, text).filter((channel) => channel.slice(0, channel.indexOf(':')) !== folder).map((channel) => `${channel} in ${file}`));
}

describe('channel prefixes match the folder that handles them', () => {
  it('every channel is answered in main/services/<its prefix>/', () => {
    const files = serviceFiles();
    expect(misplaced(files)).toEqual([]);
    // Each is answered somewhere (present/ answers its three twice: with a host to do the work, and without).
    expect(new Set(files.flatMap(({ file, text }) => channelsIn(file, text)))).toEqual(CHANNELS);
  });

  it('names a channel answered by another domain’s handlers', () => {
    const probe = "export const handlers = { 'meetings:list': () => [], 'guard:names': () => ({ names: [] }) };\n";
    expect(misplaced([{ folder: 'meetings', file: 'meetings/handlers.ts', text: probe }])).toEqual(['guard:names in meetings/handlers.ts']);
  });
});
