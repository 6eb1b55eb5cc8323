// `teamvalv guard-scan` as a real child process: the CLI bundled as scripts/build.mjs bundles it
// (entry + app), texts on stdin, one JSON line per input line with exactly the hits main's guard gives.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanText } from '../../shared/guard/identifier-guard';
import { inventedPersonnummer } from '../../shared/guard/test-support/corpus';
import { baseGuardOptions } from '../guard/extra-names';

// Under node_modules/.cache so that the bundle's external packages resolve (as crash.test.ts does).
const dir = path.resolve('node_modules/.cache/teamvalv-tests', `guard-scan-${process.pid}`);
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function runGuardScan(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  await build({
    entryPoints: { cli: 'main/cli/entry.ts', 'cli-app': 'main/cli/run-cli.ts' },
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    logLevel: 'silent',
  });
  const child = spawn(process.execPath, [path.join(dir, 'cli.mjs'), 'guard-scan'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(input, 'utf8');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

describe('teamvalv guard-scan', () => {
  it('prints one JSON line per input line, with the kinds, severities and UTF-16 offsets main’s guard gives', async () => {
    const pnr = inventedPersonnummer();
    const lines = [
      `Hon har fått ${pnr} bekräftat.`,
      '',
      '😀 Anna ringde från 070-123 45 67, bor på Storgatan 12 i Lidköping.',
      'Numret 011108-3629 stämmer inte; går på Norrviks gymnasium.',
      'Mötet hölls 2026-11-23, v. 48.',
      'Sista raden utan radslut, Erik Johansson',
    ];
    // CRLF between two of the lines, and no newline after the last.
    const input = `${lines[0]}\r\n${lines.slice(1).join('\n')}`;
    const { code, stdout, stderr } = await runGuardScan(input);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const printed = stdout.split('\n');
    expect(printed.pop()).toBe('');
    expect(printed).toHaveLength(lines.length);
    const parsed = printed.map((line) => JSON.parse(line) as { hits: { kind: string; severity: string; start: number; end: number }[] });
    // Exactly what main's check before a save sees (the shipped data, no vault's own names).
    expect(parsed).toEqual(lines.map((line) => ({ hits: scanText(line, baseGuardOptions()).map(({ kind, severity, start, end }) => ({ kind, severity, start, end })) })));
    expect(parsed[0]?.hits).toEqual([{ kind: 'personnummer', severity: 'block', start: 13, end: 13 + pnr.length }]);
    expect(parsed[1]?.hits).toEqual([]);
    // UTF-16 offsets: the emoji counts as two.
    const third = lines[2] ?? '';
    expect(parsed[2]?.hits.map((hit) => third.slice(hit.start, hit.end))).toEqual(expect.arrayContaining(['Anna', '070-123 45 67', 'Storgatan 12']));
    expect(parsed[3]?.hits.map((hit) => hit.kind)).toEqual(['possible-personnummer', 'school-or-workplace']);
    expect(parsed[4]?.hits).toEqual([]);
    expect(printed.every((line) => Object.keys(JSON.parse(line) as object).join() === 'hits')).toBe(true);
  });
});
