// The lint rule that keeps the database key inside main/vault/ (issue 19): key-material.ts may be
// imported in main/vault/ and by tests (which read the key to prove the files are encrypted), and
// nowhere else in main/ — a domain asks main/vault/ for the operation that needs the key.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (from: string): string => `import { databaseKeyOf } from '${from}';\nexport const key = (vault: object): Buffer => databaseKeyOf(vault);\n`;

describe('the database key stays inside main/vault/', () => {
  it.each([
    ['main/retention/probe.ts', '../vault/key-material'],
    ['main/services/retention/probe.ts', '../../vault/key-material'],
    ['main/cli/probe.ts', '../vault/key-material.ts'],
    ['main/electron/probe.ts', '../vault/key-material'],
    ['main/app-probe.ts', './vault/key-material'],
  ])('%s may not import it', async (file, from) => {
    const found = await messages(use(from), file);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-imports: .*The database key stays inside main\/vault\//);
  });

  it.each([
    ['main/retention/probe.ts', '../vault/key-material'],
    ['main/electron/probe.ts', '../vault/key-material.ts'],
  ])('%s may not load it with import()', async (file, from) => {
    const code = `export const key = async (vault: object): Promise<Buffer> => (await import('${from}')).databaseKeyOf(vault);\n`;
    const found = await messages(code, file);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-syntax: .*The database key stays inside main\/vault\//);
  });

  it.each([
    ['main/vault/probe.ts', './key-material'],
    ['main/vault/db/probe.ts', '../key-material'],
    ['main/retention/probe.test.ts', '../vault/key-material'],
    ['main/roster/test-support/probe.ts', '../../vault/key-material'],
  ])('%s may', async (file, from) => {
    expect(await messages(use(from), file)).toEqual([]);
  });

  it('an open vault shows no key to read: no property of it holds the key', async () => {
    const { UnlockedVault } = await import('../main/vault/vault');
    const { databaseKeyOf } = await import('../main/vault/key-material');
    const key = Buffer.alloc(32, 7);
    // The constructor only keeps what it is given: no database is opened here.
    const vault = new UnlockedVault({} as never, {} as never, null, key, {} as never);
    expect('key' in vault).toBe(false);
    expect(Object.values(vault).filter((value) => value === key)).toEqual([]);
    expect(databaseKeyOf(vault)).toBe(key);
  });
});
