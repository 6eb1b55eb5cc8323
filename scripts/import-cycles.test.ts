// No import circle in main/ (issue 19): type-only imports count too — a circle of types still means
// two modules cannot be understood, or changed, one without the other. eslint-plugin-import is
// not a dependency, so the check walks the imports itself (scripts/import-cycles.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importsOf } from './import-cycles';

describe('import circles', () => {
  it('main/ has none', () => {
    expect(importCycles('main')).toEqual([]);
  });

  it('finds the circle the vault had: backups.ts importing the type of the vault that imports it (and all that reach backups from the vault)', () => {
    const backups = path.resolve('main/vault/backups.ts');
    const probe = `${readFileSync(backups, 'utf8')}\nimport type { UnlockedVault } from './vault';\nexport type Probe = UnlockedVault;\n`;
    expect(importCycles('main', process.cwd(), new Map([[backups, probe]]))).toEqual([['main/vault/backups.ts', 'main/vault/header-recovery.ts', 'main/vault/rotation.ts', 'main/vault/vault.ts']]);
  });

  it('counts type-only imports and re-exports, and names a three-file circle once', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cycles-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
      writeFileSync(path.join(dir, 'b.ts'), "export type { C as B } from './c';\n");
      writeFileSync(path.join(dir, 'c.ts'), "import { type A } from './a';\nexport type C = A | null;\n");
      writeFileSync(path.join(dir, 'd.ts'), "import type { A } from './a';\nexport type D = A;\n");
      expect(importsOf(path.join(dir, 'b.ts'))).toEqual([path.join(dir, 'c.ts')]);
      expect(importCycles(dir, dir)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
