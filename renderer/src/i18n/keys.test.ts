import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../shared/audit/events';
import { ERROR_CODES, ERROR_REASONS, ORGANISATION_USES } from '../../../shared/ipc/errors';
import en from './en.json';
import sv from './sv.json';

function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (typeof value === 'string') return { [prefix]: value };
  return Object.entries(value as Record<string, unknown>).reduce<Record<string, string>>(
    (all, [key, child]) => ({ ...all, ...flatten(child, prefix ? `${prefix}.${key}` : key) }),
    {},
  );
}

describe('translations', () => {
  const svKeys = flatten(sv);
  const enKeys = flatten(en);

  it('have the same keys in Swedish and English', () => {
    expect(Object.keys(enKeys).sort()).toEqual(Object.keys(svKeys).sort());
  });

  it('have no empty text', () => {
    for (const [key, text] of [...Object.entries(svKeys), ...Object.entries(enKeys)]) expect(text.trim(), key).not.toBe('');
  });

  it('explain every IPC error code', () => {
    for (const code of ERROR_CODES) {
      expect(svKeys[`errors.${code}`], code).toBeTruthy();
      expect(enKeys[`errors.${code}`], code).toBeTruthy();
    }
  });

  it('explain every reason a refusal can carry, and everything that can refer to an organisation', () => {
    for (const reason of ERROR_REASONS) {
      expect(svKeys[`errors.reasons.${reason}`], reason).toBeTruthy();
      expect(enKeys[`errors.reasons.${reason}`], reason).toBeTruthy();
    }
    for (const use of ORGANISATION_USES) {
      expect(svKeys[`errors.uses.${use}`], use).toBeTruthy();
      expect(enKeys[`errors.uses.${use}`], use).toBeTruthy();
    }
  });

  it('have a sentence for every audit action the app writes, in Swedish and English', () => {
    // AUDIT_ACTIONS is the list vault.audit and appendAudit accept: a new action fails here until it has both sentences.
    const missing = AUDIT_ACTIONS.filter((action) => !svKeys[`audit.events.${action}`] || !enKeys[`audit.events.${action}`]);
    expect(missing).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string): string[] => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1] ?? '').sort();
    for (const [key, text] of Object.entries(svKeys)) expect(placeholders(enKeys[key] ?? ''), key).toEqual(placeholders(text));
  });
});
