// The lint rule that keeps the vault out of the domains (issue 19): a domain function gets
// capabilities (main/capabilities/caps.ts) — a database handle, the audit sink, the clock, the
// asker's access context — never the vault or its manager. The channel wrappers, the CLI, the
// seed, the hosts and tests make the caps from the vault.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const useVault = (from: string): string => `import type { UnlockedVault } from '${from}';\nexport const who = (vault: UnlockedVault): string | undefined => vault.account?.id;\n`;
const useManager = (from: string): string => `import type { VaultManager } from '${from}';\nexport const locked = (manager: VaultManager): boolean => manager.account === null;\n`;

describe('the domains get capabilities, not the vault', () => {
  it.each(['cases', 'meetings', 'roster', 'supervision', 'handover', 'followup', 'guard', 'retention', 'records', 'exports', 'pdf'])('main/%s/ may not import the vault or its manager', async (domain) => {
    for (const code of [useVault('../vault/vault'), useManager('../vault/vault-manager'), useVault('../vault/vault.ts')]) {
      const found = await messages(code, `main/${domain}/probe.ts`);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^no-restricted-imports: .*capabilities/);
    }
  });

  it.each([
    ['main/capabilities/probe.ts', '../vault/vault'],
    ['main/services/cases/probe.ts', '../../vault/vault'],
    ['main/cli/probe.ts', '../vault/vault'],
    ['main/seed/probe.ts', '../vault/vault'],
    ['main/vault/probe.ts', './vault'],
    ['main/cases/probe.test.ts', '../vault/vault'],
    ['main/roster/test-support/probe.ts', '../../vault/vault'],
  ])('%s may', async (file, from) => {
    expect(await messages(useVault(from), file)).toEqual([]);
  });
});
