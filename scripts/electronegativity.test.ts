// The electronegativity step of `npm test`: the scanner really runs (offline) and finds what it
// should, and the verdict fails on an unexplained finding, on an explanation whose line of code
// changed, and on an explanation that matches nothing.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { judge as judgeUntyped, readAccepted as readAcceptedUntyped, scan as scanUntyped } from './electronegativity.mjs';

interface Finding {
  check: string;
  severity: string;
  file: string;
  line: number;
  code: string | null;
}
interface Accepted {
  check: string;
  file: string;
  code: string;
  why: string;
  provenBy: string[];
}
interface ScanResult {
  files: number;
  findings: Finding[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  requestsAnswered: number;
}
interface Verdict {
  explained: Finding[];
  unexplained: Finding[];
  notes: Finding[];
  stale: Accepted[];
  unparsed: unknown[];
  ok: boolean;
}
const scan = scanUntyped as (options: { root: string; entries: string[]; electronVersion: string; notRun: string[] }) => Promise<ScanResult>;
const judge = judgeUntyped as (result: Pick<ScanResult, 'findings' | 'errors'>, accepted: Accepted[]) => Verdict;
const readAccepted = readAcceptedUntyped as (file: string) => { notRun: Array<{ check: string }>; accepted: Accepted[]; problems: string[] };

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => fs.rm(root, { recursive: true, force: true })));
});

const UNSAFE_WINDOW = "const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });";

async function project(mainTs: string): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'teamvalv-electronegativity-test-'));
  roots.push(root);
  await fs.mkdir(path.join(root, 'main'));
  await fs.writeFile(path.join(root, 'main', 'app.ts'), `import { BrowserWindow } from 'electron';\n${mainTs}\nexport { win };\n`);
  await fs.writeFile(path.join(root, 'package.json'), '{ "name": "fixture", "devDependencies": { "electron": "45.4.1" } }\n');
  return root;
}

const scanFixture = async (mainTs: string) => scan({ root: await project(mainTs), entries: ['main', 'package.json'], electronVersion: '45.4.1', notRun: ['AvailableSecurityFixesGlobalCheck'] });

describe('the electronegativity check', () => {
  it('finds an unsafe window offline and fails on it until it is explained', async () => {
    const result = await scanFixture(UNSAFE_WINDOW);
    expect(result.files).toBe(2);
    // The translations request went to the local stand-in: nothing left the machine.
    expect(result.requestsAnswered).toBeGreaterThanOrEqual(1);
    const blocking = result.findings.filter((f) => f.file === 'main/app.ts' && (f.severity === 'HIGH' || f.severity === 'MEDIUM'));
    expect(blocking.map((f) => f.check)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
    const unexplained = judge(result, []);
    expect(unexplained.ok).toBe(false);
    expect(unexplained.unexplained.map((f) => f.check)).toContain('CONTEXT_ISOLATION_JS_CHECK');

    // Every HIGH/MEDIUM finding explained: the verdict passes; LOW/INFORMATIONAL ones are notes only.
    const all = result.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM').map((f) => ({ check: f.check, file: f.file, code: f.code ?? '', why: 'x'.repeat(40), provenBy: ['a.test.ts'] }));
    const explained = judge(result, all);
    expect(explained.ok).toBe(true);
    expect(explained.explained).toHaveLength(result.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM').length);
    expect(explained.notes.every((f) => f.severity === 'LOW' || f.severity === 'INFORMATIONAL')).toBe(true);

    // The same explanations after the flagged line changed: the findings are back, the entries stale.
    const changed = await scanFixture(UNSAFE_WINDOW.replace('const win', 'const win2 = 1; const win'));
    const review = judge(changed, all);
    expect(review.ok).toBe(false);
    expect(review.unexplained.map((f) => f.check)).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(review.stale.map((e) => e.check)).toContain('CONTEXT_ISOLATION_JS_CHECK');
  });

  it('fails on a file it cannot parse (it would be a file not checked)', () => {
    const verdict = judge({ findings: [], errors: [{ file: 'main/x.ts', message: 'Unexpected token', tolerable: false }] }, []);
    expect(verdict.ok).toBe(false);
  });

  it("the project's explanations file names a reason and a test for every entry", () => {
    const { accepted, notRun, problems } = readAccepted(path.resolve('electronegativity-accepted.json'));
    expect(problems).toEqual([]);
    expect(notRun.map((entry) => entry.check)).toEqual(['AvailableSecurityFixesGlobalCheck']);
    for (const entry of accepted) for (const test of entry.provenBy) expect(test).toMatch(/^[\w/.-]+\.test\.ts\b/);
  });
});
