import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../shared/audit/events';
import type { AuditRow } from '../../../shared/ipc/contract';
import { resources } from '../i18n';
import { auditSentence } from './audit-sentence';

async function translator(language: 'sv' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng: language, interpolation: { escapeValue: false } });
  return instance.t;
}

const row = (over: Partial<AuditRow>): AuditRow => ({
  seq: 1,
  at: '2026-11-23T09:00:00.000Z',
  username: 'anna',
  actorName: 'Anna Berg',
  organisationName: 'Samordningsteamet Väst',
  action: 'vault.unlocked',
  caseCode: null,
  detail: '{}',
  reviewedAt: null,
  names: {},
  ...over,
});

describe('the audit log in words', () => {
  it('says who exported which case to which organisation, by display name, in Swedish and English', async () => {
    const exported = row({ action: 'handover.packet-exported', caseCode: 'UT-2026-014', names: { organisation: 'Försäkringskassan' }, detail: '{"handoverId":"x","encrypted":true}' });
    expect(auditSentence(await translator('sv'), exported)).toBe('Anna Berg exporterade ett överlämningspaket för UT-2026-014 till Försäkringskassan');
    expect(auditSentence(await translator('en'), exported)).toBe('Anna Berg exported a handover packet for UT-2026-014 to Försäkringskassan');
  });

  it('words a new organisation, a restored team and a broken chain differently from a change', async () => {
    const sv = await translator('sv');
    expect(auditSentence(sv, row({ action: 'roster.organisation-saved', names: { organisation: 'Försäkringskassan' }, detail: '{"created":true}' }))).toBe('Anna Berg lade till organisationen Försäkringskassan');
    expect(auditSentence(sv, row({ action: 'roster.organisation-saved', names: { organisation: 'Försäkringskassan' }, detail: '{"created":false}' }))).toBe('Anna Berg ändrade organisationen Försäkringskassan');
    expect(auditSentence(sv, row({ action: 'roster.team-archived', names: { team: 'Team Öst' }, detail: '{"archived":false}' }))).toBe('Anna Berg tog tillbaka Team Öst från arkivet');
    expect(auditSentence(sv, row({ action: 'audit.verified', detail: '{"ok":false}' }))).toBe('Anna Berg kontrollerade granskningsloggens kedja: bruten');
  });

  it('falls back to words for what no longer resolves, to Teamvalv without an account, and names an unknown action by its code', async () => {
    const sv = await translator('sv');
    expect(auditSentence(sv, row({ action: 'handover.packet-exported', caseCode: null }))).toBe('Anna Berg exporterade ett överlämningspaket för ett ärende till en organisation');
    expect(auditSentence(sv, row({ action: 'backup.created', username: null, actorName: null }))).toBe('Teamvalv gjorde en säkerhetskopia');
    expect(auditSentence(sv, row({ action: 'test.marker' }))).toBe('Anna Berg: test.marker (en händelse som den här versionen inte känner till)');
  });

  it('leaves no placeholder and no key unresolved for any action, with or without names', async () => {
    for (const language of ['sv', 'en'] as const) {
      const t = await translator(language);
      for (const action of AUDIT_ACTIONS) {
        for (const names of [{}, { organisation: 'O', team: 'T', member: 'M', account: 'A', count: '3' }]) {
          const text = auditSentence(t, row({ action, names }));
          expect(text, action).not.toMatch(/{{|}}|audit\.events/);
        }
      }
    }
  });
});
