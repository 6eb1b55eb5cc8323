import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ERROR_REASONS, type IpcError, REFUSAL_CODES } from '../../../shared/ipc/errors';
import { resources } from '../i18n';
import { localDateTime } from '../format/time';
import { errorMessage } from './messages';

async function translator(language: 'sv' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng: language, interpolation: { escapeValue: false } });
  return instance.t;
}

describe('errorMessage for a damaged vault', () => {
  it('names the newest backup’s time (local, ISO-style) when main sends it, in Swedish and English', async () => {
    const at = '2026-11-23T10:00:00.000Z';
    const sv = await translator('sv');
    const en = await translator('en');
    const text = errorMessage(sv, { code: 'storage_corrupt', message: 'x', detail: { newestBackupAt: at } });
    expect(text).toContain('En del av valvets databas (vault.db) är skadad');
    expect(text).toContain('Inget har raderats');
    expect(text).toContain(`Återställ den senaste säkerhetskopian, från ${localDateTime(at)}`);
    expect(errorMessage(en, { code: 'header_mismatch', message: 'x', detail: { newestBackupAt: at } })).toContain(`Restore the newest backup, from ${localDateTime(at)}`);
  });

  it('says there is no backup when main found none, and advises the newest without a time when only the code is known', async () => {
    const sv = await translator('sv');
    expect(errorMessage(sv, { code: 'header_damaged', message: 'x', detail: { newestBackupAt: null } })).toContain('Det finns ingen säkerhetskopia i datamappen');
    expect(errorMessage(sv, 'storage_corrupt')).toContain('Återställ den senaste säkerhetskopian (');
  });

  it('gives a read-only folder and a full disk their own text, with no restore advice', async () => {
    const en = await translator('en');
    expect(errorMessage(en, 'storage_read_only')).toMatch(/^Teamvalv cannot write to the data folder/);
    expect(errorMessage(en, { code: 'storage_full', message: 'x', detail: { newestBackupAt: null } })).toBe(
      'The disk holding the vault is full, so this change was not saved. Everything saved before is intact – nothing was deleted. Free some space on the disk, then try again.',
    );
  });
});

describe('errorMessage says what happened', () => {
  it('a key check that does not match says so and warns, never the generic "wrongly filled in"', async () => {
    const sv = await translator('sv');
    const en = await translator('en');
    const error = { code: 'invalid_input', message: 'x', detail: { reason: 'key_mismatch', field: 'heard' } } as const;
    expect(errorMessage(sv, error)).toMatch(/^Tecknen stämmer inte med nyckeln – lita inte på den\./);
    expect(errorMessage(en, error)).toMatch(/^The characters do not match this key – do not trust it\./);
    // A screen's own text for the code, which knows its context, still comes first.
    expect(errorMessage(sv, error, { invalid_input: 'Skärmens egen text' })).toBe('Skärmens egen text');
  });

  it('an admin removing her own account is told to ask another admin, not that she lacks permission', async () => {
    const sv = await translator('sv');
    const text = errorMessage(sv, { code: 'forbidden', message: 'x', detail: { reason: 'own_account' } });
    expect(text).toBe('Du kan inte ta bort ditt eget konto. Be en annan administratör att göra det.');
    expect(text).not.toBe(errorMessage(sv, 'forbidden'));
  });

  it('a name or number that is taken says so, not "someone else changed the same thing"', async () => {
    const sv = await translator('sv');
    expect(errorMessage(sv, { code: 'conflict', message: 'x', detail: { reason: 'name_taken', field: 'name' } })).toMatch(/^Det finns redan en post med det namnet/);
    expect(errorMessage(sv, { code: 'conflict', message: 'x', detail: { reason: 'org_number_taken' } })).toMatch(/^Det finns redan en organisation med det organisationsnumret/);
    expect(errorMessage(sv, { code: 'conflict', message: 'x' })).toBe('Någon annan har ändrat samma sak. Ladda om och försök igen.');
  });

  it('an organisation in use names what refers to it, as a list in the user’s language', async () => {
    const sv = await translator('sv');
    const en = await translator('en');
    const error = { code: 'conflict', message: 'x', detail: { reason: 'organisation_in_use', uses: ['members', 'consents', 'audit'] } } as const;
    expect(errorMessage(sv, error)).toBe('Organisationen kan inte tas bort eftersom personer i teamlistan, samtycken och granskningsloggens poster hänvisar till den. Inget togs bort.');
    expect(errorMessage(en, error)).toBe('The organisation cannot be removed because people in the roster, consents and audit log rows refer to it. Nothing was removed.');
  });

  it('invalid input names the field when the page knows its label, and falls back to the general text when not', async () => {
    const sv = await translator('sv');
    const en = await translator('en');
    expect(errorMessage(sv, { code: 'invalid_input', message: 'x', detail: { field: 'orgNumber' } })).toMatch(/^Fältet ”Organisationsnummer” är inte rätt ifyllt/);
    expect(errorMessage(en, { code: 'invalid_input', message: 'x', detail: { field: 'displayName' } })).toMatch(/^The field “Name” is not filled in correctly/);
    expect(errorMessage(sv, { code: 'invalid_input', message: 'x', detail: { field: 'somethingUnknown' } })).toBe(errorMessage(sv, 'invalid_input'));
    // A screen's own text for the code still wins over the general field text.
    expect(errorMessage(sv, { code: 'invalid_input', message: 'x', detail: { field: 'name' } }, { invalid_input: 'Egen' })).toBe('Egen');
  });

  it('the refusals main now explains: each answer, as main sends it (main/services/error-reasons.test.ts), gets its own Swedish sentence', async () => {
    const sv = await translator('sv');
    const answers: [IpcError, string][] = [
      [{ code: 'conflict', message: 'That username is taken', detail: { reason: 'username_taken', field: 'username' } }, 'Användarnamnet används redan av ett annat konto. Välj ett annat användarnamn. Inget sparades.'],
      [{ code: 'invalid_input', message: 'x', detail: { reason: 'password_too_weak', field: 'newPassword' } }, 'Lösenordet är för lätt att gissa. Använd en längre lösenfras av orelaterade ord, utan ditt namn eller användarnamn.'],
      [{ code: 'conflict', message: 'x', detail: { reason: 'vault_exists' } }, 'Det finns redan ett valv i datamappen, så inget nytt skapades. Lås upp det som finns.'],
      [{ code: 'invalid_input', message: 'x', detail: { reason: 'csv_columns', field: 'csv' } }, 'Filen har inte teamlistans kolumner. Utgå från teamlistans mall (exportera teamlistan som CSV) och försök igen. Inget importerades.'],
      [{ code: 'conflict', message: 'x', detail: { reason: 'anonymous_case' } }, 'Ärendet är anonymt och har därför inga samtycken. Inget sparades.'],
      [{ code: 'conflict', message: 'x', detail: { reason: 'meeting_not_finalised' } }, 'Protokollet är inte justerat än: ändra i mötet direkt. Tillägg görs först efter justeringen.'],
      [{ code: 'invalid_input', message: 'x', detail: { reason: 'agenda_changed' } }, 'Dagordningen har ändrats sedan sidan visades (kanske i en annan flik). Ladda om och ordna punkterna igen. Inget ändrades.'],
      [{ code: 'forbidden', message: 'x', detail: { reason: 'packet_other_organisation' } }, 'Paketet är adresserat till en annan organisation än din. Någon från den organisationen tar emot och läser det. Inget sparades.'],
    ];
    for (const [error, sentence] of answers) expect(errorMessage(sv, error), error.detail?.reason).toBe(sentence);
    // A field alone (no reason): the field's label in the sentence.
    expect(errorMessage(sv, { code: 'invalid_input', message: 'x', detail: { field: 'professionOther' } })).toMatch(/^Fältet ”Annat yrke” är inte rätt ifyllt/);
  });

  it('every reason, with every refusal code, says something other than the code’s general text, in both languages', async () => {
    for (const language of ['sv', 'en'] as const) {
      const t = await translator(language);
      for (const code of REFUSAL_CODES) {
        const general = errorMessage(t, code);
        const said = ERROR_REASONS.map((reason) => errorMessage(t, { code, message: 'x', detail: { reason } }));
        expect(said.filter((text) => text === general || text.startsWith('errors.')), `${language} ${code}`).toEqual([]);
        // Each reason its own sentence: no two reasons read the same.
        expect(new Set(said).size, `${language} ${code}`).toBe(ERROR_REASONS.length);
      }
    }
  });
});
