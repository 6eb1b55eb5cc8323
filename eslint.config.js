// Layer rules, the second half of "enforced twice" (the per-layer tsconfig projects are the first).
// The "may use code from" table in docs/architecture.md says the same in prose.
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Exact names (a pattern "events" would also match a local "./events" file), plus every `node:` import.
const nodeMessage = 'This layer runs without Node: no Node built-ins.';
const nodeBuiltinPaths = builtinModules.map((name) => ({ name, message: nodeMessage }));
const noNode = { group: ['node:*'], message: nodeMessage };
const noElectron = { group: ['electron', 'electron/*'], message: 'Only main/electron/ may import electron.' };
const layer = (name, message) => ({ group: [`**/${name}`, `**/${name}/**`], message });

// A native alert/confirm/prompt blocks the page's main thread (in the browser host, its heartbeat
// too, and the session ends); renderer/src/ui has Dialog, ConfirmDialog and useConfirm instead.
const nativeDialogs = ['alert', 'confirm', 'prompt'];
const nativeDialogMessage = 'No native dialogs: use Dialog / ConfirmDialog / useConfirm from renderer/src/ui.';

// The database key stays inside main/vault/ (issue 19): a domain gets the database and the audit
// writer, and asks main/vault/ for what needs the key (backups, a restore). Tests may read it, to
// prove that what is on disk is encrypted.
const keyMaterial = { group: ['**/vault/key-material', '**/vault/key-material.ts'], message: 'The database key stays inside main/vault/: ask main/vault/ for the operation that needs it.' };
const testFiles = ['**/*.test.ts', '**/*.soak.ts', '**/test-support/**'];
// An `import('…/key-material')` expression is not an import declaration: refused as syntax.
const keyMaterialImportCall = ['error', { selector: 'ImportExpression[source.value=/(^|\\/)vault\\/key-material(\\.ts)?$/]', message: keyMaterial.message }];
// A domain gets capabilities (main/capabilities/caps.ts), not the vault (issue 19): the channel
// wrappers, the CLI, the seed, the hosts and tests make the caps from the vault.
const domainFolders = ['cases', 'meetings', 'roster', 'supervision', 'handover', 'followup', 'guard', 'retention', 'records', 'exports', 'pdf'];
const noVault = {
  group: ['**/vault/vault', '**/vault/vault.ts', '**/vault/vault-manager', '**/vault/vault-manager.ts'],
  message: 'A domain gets capabilities (main/capabilities/caps.ts: ReadCaps/WriteCaps), not the vault or its manager.',
};
const mainLayer = [
  noElectron,
  layer('renderer', 'main/ may not use renderer/.'),
  layer('preload', 'main/ may not use preload/.'),
];

/** no-restricted-imports with our pattern groups (ESLint applies gitignore-style patterns). */
const restrict = (...patterns) => ['error', { patterns }];
/** The same, also refusing the bare Node built-in names. */
const restrictWithoutNode = (...patterns) => ['error', { paths: nodeBuiltinPaths, patterns: [noNode, ...patterns] }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,ts}', 'build/**/*.{js,cjs,mjs}', 'bench/**/*.{ts,mjs}', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['build/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // shared/: runs everywhere. No Node, no Electron, no DOM, and no other layer.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrictWithoutNode(
        noElectron,
        { group: ['react', 'react-dom', 'react-dom/*'], message: 'shared/ has no DOM.' },
        layer('main', 'shared/ may not use main/.'),
        layer('renderer', 'shared/ may not use renderer/.'),
        layer('preload', 'shared/ may not use preload/.'),
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    // renderer/: the sandboxed page. DOM only; talks to main through window.teamvalv.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrictWithoutNode(
        noElectron,
        layer('main', 'renderer/ reaches main only through the IPC contract.'),
        layer('preload', 'renderer/ may not use preload/.'),
      ),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', ...nativeDialogs.map((name) => ({ name, message: nativeDialogMessage }))],
      'no-restricted-properties': [
        'error',
        ...['window', 'globalThis', 'self'].flatMap((object) => nativeDialogs.map((property) => ({ object, property, message: nativeDialogMessage }))),
      ],
    },
  },
  {
    // main/ outside main/electron/: plain Node, so the services run under vitest and in the browser host.
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': restrict(...mainLayer),
    },
  },
  {
    // main/ outside main/vault/ (and its tests): no key material.
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/vault/**', ...testFiles],
    rules: {
      'no-restricted-imports': restrict(...mainLayer, keyMaterial),
      'no-restricted-syntax': keyMaterialImportCall,
    },
  },
  {
    // The domains: capabilities, never the vault (nor key material).
    files: domainFolders.map((folder) => `main/${folder}/**/*.ts`),
    ignores: testFiles,
    rules: {
      'no-restricted-imports': restrict(...mainLayer, keyMaterial, noVault),
    },
  },
  {
    // main/electron/: the only place that imports electron.
    files: ['main/electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': restrict(...mainLayer.slice(1), keyMaterial),
      'no-restricted-syntax': keyMaterialImportCall,
    },
  },
  {
    // preload/: contextBridge + ipcRenderer and the channel list from shared/ipc, nothing else.
    files: ['preload/**/*.ts'],
    ignores: ['preload/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'ipcRenderer'],
              message: 'preload/ may use only contextBridge and ipcRenderer.',
            },
          ],
          patterns: [
            {
              // Anything but `electron` and the shared/ipc modules (a regex: gitignore-style
              // negations do not match paths that start with ../).
              regex: '^(?!electron$|(\\.\\./)+shared/ipc/(channels|bridge|contract|errors|events)$)',
              message: 'preload/ may import only electron and shared/ipc.',
            },
          ],
        },
      ],
    },
  },
);
