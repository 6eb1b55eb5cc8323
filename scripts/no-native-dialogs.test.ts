// The lint rule that keeps native dialogs out of the renderer (issue 18): alert, confirm and prompt
// as globals and as members of window / globalThis / self are errors there; the app's own
// useConfirm (a local binding that happens to be called confirm) is not.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(code: string, filePath = 'renderer/src/areas/Probe.tsx'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('no native dialogs in renderer/', () => {
  it.each([
    ['window.confirm', "export const ask = (): boolean => window.confirm('Ta bort?');\n", 'no-restricted-properties'],
    ['window.alert', "export const tell = (): void => window.alert('Klart');\n", 'no-restricted-properties'],
    ['window.prompt', "export const get = (): string | null => window.prompt('Namn?');\n", 'no-restricted-properties'],
    ['globalThis.confirm', "export const ask = (): boolean => globalThis.confirm('Ta bort?');\n", 'no-restricted-properties'],
    ['confirm()', "export const ask = (): boolean => confirm('Ta bort?');\n", 'no-restricted-globals'],
    ['alert()', "export const tell = (): void => alert('Klart');\n", 'no-restricted-globals'],
    ['prompt()', "export const get = (): string | null => prompt('Namn?');\n", 'no-restricted-globals'],
  ])('refuses %s', async (_name, code, rule) => {
    const found = await messages(code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${rule}: .*No native dialogs: use Dialog / ConfirmDialog / useConfirm from renderer/src/ui`));
  });

  it('allows the component layer’s confirm, a local binding', async () => {
    const code = "import { useConfirm } from '../ui/Dialog';\nexport function useAsk(): () => Promise<boolean> {\n  const { confirm } = useConfirm();\n  return () => confirm({ title: 'T', message: 'M', confirmLabel: 'Ja' });\n}\n";
    expect(await messages(code)).toEqual([]);
  });
});
