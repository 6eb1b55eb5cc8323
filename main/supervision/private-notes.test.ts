// Private notes on a real encrypted vault with real password unlocks (Argon2id at the floor
// parameters): the author reads them after lock/unlock and after an own password change; an
// admin reset leaves them locked until the old password or the personal code; nobody else reads
// them; a decrypted copy of the vault holds their text nowhere, while a shared record is there.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { teamWorld } from '../cases/test-support/team-world';
import { decryptedCopy, holds } from '../test-support/decrypted-copy';
import { linkAccount, saveMember, setMembership } from '../roster/repository';
import { addAccount, adminResetPassword, changePassword } from '../vault/accounts';
import { DATABASE_FILE } from '../vault/db/open-vault';
import { newPersonalCode, noteCipherOf, noteKeyState, openNoteKeyWithCode, openNoteKeyWithPassword, setUpNoteKey } from '../vault/note-key';
import { type UnlockedVault, unlockVault } from '../vault/vault';
import { readPrivateNotes, saveNote, saveNoteDraft } from './private-notes';
import { createSession, shareRecord } from './repository';
import { databaseKeyOf } from '../vault/key-material';
import { readCaps, writeCaps } from '../capabilities/caps';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.close()));
});

const ADMIN = 'möte varje tisdag klockan nio';
const PIA_1 = 'ekorre sjösten gruvlampa kanelbulle';
const PIA_2 = 'fyrtorn blåbär vinterkappa sparris';
const PRIVATE = 'PRIVAT-MARKÖR-7c1e förberedelse';
const PRIVATE_DRAFT = 'PRIVAT-UTKAST-MARKÖR-91ab';
const SHARED = 'DELAD-KONTROLLMARKÖR-44d0';

/** Team Öst with two psychologists who have real key slots (one-time passwords, changed at first login). */
async function notesWorld() {
  const world = await teamWorld(opened);
  const { admin, dataDir, deps, team, ownOrganisationId } = world;
  const psychologist = async (username: string, displayName: string) => {
    const { accountId, oneTimePassword } = await addAccount(admin, dataDir, deps.logger, { username, displayName, organisationId: ownOrganisationId, roles: ['psychologist'] });
    const member = saveMember(writeCaps(admin), { displayName, profession: 'psykolog', professionOther: '', organisationId: ownOrganisationId, phone: '', email: '', activeFrom: '2026-01-01' });
    linkAccount(writeCaps(admin), { memberId: member.id, accountId });
    setMembership(writeCaps(admin), { memberId: member.id, teamId: team.id, role: 'member', from: '2026-01-01' });
    return { accountId, oneTimePassword, memberId: member.id };
  };
  const pia = await psychologist('pia', 'Pia Psykolog');
  const per = await psychologist('per', 'Per Psykolog');
  // An admin who is also a psychologist in the team: still only her own notes.
  const ada = await addAccount(admin, dataDir, deps.logger, { username: 'ada', displayName: 'Ada Admin', organisationId: ownOrganisationId, roles: ['admin', 'psychologist'] });
  // From here on every account unlocks for real, one at a time, as on the meeting-room PC.
  admin.close();
  const unlock = (username: string, password: string) => unlockVault(dataDir, username, password, deps);
  return { ...world, pia, per, ada, unlock };
}

/** Pia's first login, her key set up, a session with a private preparation note, a draft and a shared record. */
async function piaWithNotes() {
  const world = await notesWorld();
  const vault = await world.unlock('pia', world.pia.oneTimePassword);
  await changePassword(vault, world.dataDir, world.deps.logger, world.pia.oneTimePassword, PIA_1);
  expect(noteKeyState(vault)).toBe('none');
  const { personalCode } = setUpNoteKey(vault);
  expect(personalCode).toMatch(/^([A-Z0-9]{4}-){7}[A-Z0-9]{4}$/);
  const session = createSession(writeCaps(vault), { teamId: world.team.id, date: '2026-11-20', form: 'process', participantMemberIds: [world.pia.memberId] });
  saveNote(writeCaps(vault), noteCipherOf(vault), { sessionId: session.id, kind: 'preparation', text: PRIVATE, overrideReason: null });
  saveNoteDraft(writeCaps(vault), noteCipherOf(vault), { sessionId: session.id, kind: 'session', text: PRIVATE_DRAFT });
  shareRecord(writeCaps(vault), { sessionId: session.id, caseId: null, summary: SHARED, approach: 'Gemensam bild av samverkan.', actions: [] });
  return { ...world, vault, personalCode, sessionId: session.id };
}

function expectNotes(vault: UnlockedVault, sessionId: string): void {
  expect(readPrivateNotes(readCaps(vault), noteCipherOf(vault), sessionId)).toMatchObject({ preparation: { text: PRIVATE, draft: null }, session: { text: '', draft: PRIVATE_DRAFT } });
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('private notes', () => {
  it('the author reads them back after lock/unlock and after changing her own password', async () => {
    const { vault, unlock, dataDir, deps, sessionId } = await piaWithNotes();
    expectNotes(vault, sessionId);
    vault.close();

    const again = await unlock('pia', PIA_1);
    expect(noteKeyState(again)).toBe('open');
    expectNotes(again, sessionId);
    await changePassword(again, dataDir, deps.logger, PIA_1, PIA_2);
    expectNotes(again, sessionId);
    again.close();

    const afterChange = await unlock('pia', PIA_2);
    expect(noteKeyState(afterChange)).toBe('open');
    expectNotes(afterChange, sessionId);
    afterChange.close();
  });

  it('after an admin reset they stay locked until the personal code (or the old password) is entered, then open under the new password', async () => {
    const { vault, unlock, dataDir, deps, pia, sessionId, personalCode } = await piaWithNotes();
    vault.close();
    const admin = await unlock('admin', ADMIN);
    const { oneTimePassword } = await adminResetPassword(admin, dataDir, deps.logger, pia.accountId);
    admin.close();

    const reset = await unlock('pia', oneTimePassword);
    expect(noteKeyState(reset)).toBe('locked');
    expect(codeOf(() => readPrivateNotes(readCaps(reset), noteCipherOf(reset), sessionId))).toBe('private_notes_locked');
    expect(codeOf(() => saveNoteDraft(writeCaps(reset), noteCipherOf(reset), { sessionId, kind: 'session', text: 'skrivet i låst läge' }))).toBe('private_notes_locked');
    await changePassword(reset, dataDir, deps.logger, oneTimePassword, PIA_2);
    expect(noteKeyState(reset)).toBe('locked');
    expect(openNoteKeyWithCode(reset, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH')).toBe(false);
    expect(openNoteKeyWithCode(reset, 'kort')).toBe(false);
    expect(openNoteKeyWithCode(reset, personalCode.toLowerCase().replace(/-/g, ' '))).toBe(true);
    expectNotes(reset, sessionId);
    reset.close();

    // Opening re-wrapped the key to the current password: no code needed at the next unlock.
    const next = await unlock('pia', PIA_2);
    expect(noteKeyState(next)).toBe('open');
    expectNotes(next, sessionId);
    next.close();

    // A second reset, this time opened with the password from before it.
    const admin2 = await unlock('admin', ADMIN);
    const { oneTimePassword: second } = await adminResetPassword(admin2, dataDir, deps.logger, pia.accountId);
    admin2.close();
    const reset2 = await unlock('pia', second);
    expect(noteKeyState(reset2)).toBe('locked');
    expect(await openNoteKeyWithPassword(reset2, second)).toBe(false);
    expect(await openNoteKeyWithPassword(reset2, PIA_2)).toBe(true);
    expectNotes(reset2, sessionId);
    const actions = (reset2.db.prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'private-notes.%' ORDER BY seq").all() as { action: string; detail: string }[]).map((r) => `${r.action} ${r.detail}`);
    expect(actions).toEqual([
      'private-notes.key-created {}',
      'private-notes.unlock-failed {"method":"personal-code"}',
      'private-notes.unlock-failed {"method":"personal-code"}',
      'private-notes.unlocked {"method":"personal-code"}',
      'private-notes.unlock-failed {"method":"old-password"}',
      'private-notes.unlocked {"method":"old-password"}',
    ]);
    reset2.close();
  });

  it('nobody else reads them: the admin is refused, another psychologist — an admin psychologist too — sees only her own', async () => {
    const { vault, unlock, per, ada, dataDir, deps, sessionId } = await piaWithNotes();
    vault.close();

    const admin = await unlock('admin', ADMIN);
    expect(codeOf(() => readPrivateNotes(readCaps(admin), noteCipherOf(admin), sessionId))).toBe('forbidden');
    expect(codeOf(() => saveNote(writeCaps(admin), noteCipherOf(admin), { sessionId, kind: 'preparation', text: 'x', overrideReason: null }))).toBe('forbidden');
    expect(noteKeyState(admin)).toBe('none');
    admin.close();

    for (const [username, oneTime, password] of [
      ['per', per.oneTimePassword, PIA_2],
      ['ada', ada.oneTimePassword, 'fjällräv kaffekopp solsken portvakt'],
    ] as const) {
      const other = await unlock(username, oneTime);
      expect(codeOf(() => readPrivateNotes(readCaps(other), noteCipherOf(other), sessionId))).toBe('private_notes_locked');
      // Nothing is ever wrapped by a one-time password: the admin who set it knows it.
      expect(codeOf(() => setUpNoteKey(other))).toBe('forbidden');
      await changePassword(other, dataDir, deps.logger, oneTime, password);
      setUpNoteKey(other);
      expect(readPrivateNotes(readCaps(other), noteCipherOf(other), sessionId)).toEqual({ sessionId, preparation: null, session: null });
      // Pia's password opens nothing of hers for anyone else.
      expect(await openNoteKeyWithPassword(other, PIA_1)).toBe(false);
      other.close();
    }

    const piaAgain = await unlock('pia', PIA_1);
    expectNotes(piaAgain, sessionId);
    piaAgain.close();
  });

  it('a new personal code replaces the note key: an old code or password wrap (as in an older backup) opens nothing written since', async () => {
    const { vault, unlock, sessionId, personalCode } = await piaWithNotes();
    const oldWraps = vault.db.prepare('SELECT * FROM private_note_keys').get() as Record<string, string>;
    const { personalCode: next } = newPersonalCode(vault);
    expect(next).not.toBe(personalCode);
    expectNotes(vault, sessionId);
    saveNote(writeCaps(vault), noteCipherOf(vault), { sessionId, kind: 'session', text: 'Skrivet efter bytet.', overrideReason: null });
    // Someone puts the old wraps back (from a backup) and knows the old code.
    vault.db
      .prepare('UPDATE private_note_keys SET password_salt = ?, password_kdf = ?, password_nonce = ?, password_ciphertext = ?, code_salt = ?, code_nonce = ?, code_ciphertext = ?')
      .run(oldWraps.password_salt, oldWraps.password_kdf, oldWraps.password_nonce, oldWraps.password_ciphertext, oldWraps.code_salt, oldWraps.code_nonce, oldWraps.code_ciphertext);
    vault.close();
    const again = await unlock('pia', PIA_1);
    // The old wraps open the old key, which reads none of the notes any more.
    expect(noteKeyState(again)).toBe('open');
    expect(codeOf(() => readPrivateNotes(readCaps(again), noteCipherOf(again), sessionId))).toBe('internal');
    again.close();
  });

  it('a vault that locks while an old password is being checked keeps no note key in memory', async () => {
    const { vault, unlock, dataDir, deps, pia, sessionId } = await piaWithNotes();
    vault.close();
    const admin = await unlock('admin', ADMIN);
    const { oneTimePassword } = await adminResetPassword(admin, dataDir, deps.logger, pia.accountId);
    admin.close();
    const reset = await unlock('pia', oneTimePassword);
    await changePassword(reset, dataDir, deps.logger, oneTimePassword, PIA_2);
    const pending = openNoteKeyWithPassword(reset, PIA_1);
    reset.close(); // the lock arrives while Argon2id runs
    await expect(pending).rejects.toThrow();
    expect(reset.secrets.noteKey).toBeNull();
    // Nothing was re-wrapped either: the next session still needs the old password or the code.
    const later = await unlock('pia', PIA_2);
    expect(noteKeyState(later)).toBe('locked');
    expect(await openNoteKeyWithPassword(later, PIA_1)).toBe(true);
    expectNotes(later, sessionId);
    later.close();
  });

  it('a row moved to another note, session or kind does not decrypt (the ciphertext is bound to them)', async () => {
    const { vault, unlock, sessionId, team, pia } = await piaWithNotes();
    // The saved text of the preparation note copied into the session note's row.
    vault.db
      .prepare("UPDATE private_notes SET nonce = (SELECT nonce FROM private_notes WHERE kind = 'preparation'), ciphertext = (SELECT ciphertext FROM private_notes WHERE kind = 'preparation') WHERE kind = 'session'")
      .run();
    expect(codeOf(() => readPrivateNotes(readCaps(vault), noteCipherOf(vault), sessionId))).toBe('internal');
    // The whole preparation row moved to another session (and to the other kind).
    const other = createSession(writeCaps(vault), { teamId: team.id, date: '2026-12-18', form: 'process', participantMemberIds: [pia.memberId] });
    vault.db.prepare("UPDATE private_notes SET session_id = ? WHERE kind = 'preparation'").run(other.id);
    expect(codeOf(() => readPrivateNotes(readCaps(vault), noteCipherOf(vault), other.id))).toBe('internal');
    vault.db.prepare("DELETE FROM private_notes WHERE kind = 'session'").run();
    vault.db.prepare("UPDATE private_notes SET session_id = ?, kind = 'session' WHERE kind = 'preparation'").run(sessionId);
    vault.close();
    const again = await unlock('pia', PIA_1);
    expect(codeOf(() => readPrivateNotes(readCaps(again), noteCipherOf(again), sessionId))).toBe('internal');
    again.close();
  });

  it('the note cipher a channel gets seals and opens only the signed-in author’s notes, and holds no key', async () => {
    const { vault, per, sessionId } = await piaWithNotes();
    const notes = noteCipherOf(vault);
    expect(Object.values(notes).every((value) => typeof value === 'function')).toBe(true);
    const own = { accountId: vault.account?.id ?? '', noteId: 'n1', sessionId, kind: 'session' };
    const sealed = notes.seal(own, 'text', 'egen text');
    expect(notes.open(own, 'text', sealed.nonce, sealed.ciphertext)).toBe('egen text');
    const hers = { ...own, accountId: per.accountId };
    expect(codeOf(() => notes.seal(hers, 'text', 'x'))).toBe('forbidden');
    expect(codeOf(() => notes.open(hers, 'text', sealed.nonce, sealed.ciphertext))).toBe('forbidden');
    vault.close();
  });

  it('the identifier guard gates saving (a reason is audited), not the draft', async () => {
    const { vault, sessionId } = await piaWithNotes();
    const text = 'Ringde 070-123 45 67 efter mötet.';
    expect(codeOf(() => saveNote(writeCaps(vault), noteCipherOf(vault), { sessionId, kind: 'session', text, overrideReason: null }))).toBe('invalid_input');
    expect(saveNoteDraft(writeCaps(vault), noteCipherOf(vault), { sessionId, kind: 'session', text }).draftAt).toBeTruthy();
    saveNote(writeCaps(vault), noteCipherOf(vault), { sessionId, kind: 'session', text, overrideReason: 'Numret är en växel, inte en person.' });
    expect(vault.db.prepare("SELECT detail FROM audit_log WHERE action = 'guard.override'").get()).toEqual({ detail: expect.stringContaining('"privateNote":true') });
    vault.close();
  });

  it('a decrypted copy of the vault holds the private text nowhere, while the shared record is there', async () => {
    const { vault, unlock, sessionId } = await piaWithNotes();
    // Reads are audited with counts, never with content.
    readPrivateNotes(readCaps(vault), noteCipherOf(vault), sessionId);
    vault.close();
    const admin = await unlock('admin', ADMIN);
    const key = Buffer.from(databaseKeyOf(admin));
    const dataDir = path.dirname(admin.db.name);
    admin.close();

    const plain = await decryptedCopy(path.join(dataDir, DATABASE_FILE), key);
    expect(holds(plain, 'supervision.private-notes-read')).toBe(true);
    // Control: the decrypted copy is readable text (the shared record is found)…
    expect(plain.includes(Buffer.from(SHARED))).toBe(true);
    // …while the private note and its draft are not, in any encoding SQLite might use.
    for (const marker of [PRIVATE, PRIVATE_DRAFT]) {
      expect(plain.includes(Buffer.from(marker, 'utf8'))).toBe(false);
      expect(plain.includes(Buffer.from(marker, 'utf16le'))).toBe(false);
    }
    expect(plain.includes(Buffer.from('PRIVAT'))).toBe(false);
  });
});
