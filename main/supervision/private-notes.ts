import { readCaps } from '../capabilities/caps';
import { randomUUID } from 'node:crypto';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import { guardOptions } from '../guard/extra-names';
import { type NoteBinding, openNote, requireNoteKey, sealNote } from '../vault/note-key';
import type { UnlockedVault } from '../vault/vault';
import { requirePsychologist, sessionRow } from './repository';

/**
 * The psychologist's private notes: preparation and own session notes per supervision session,
 * drafts included. Their text exists in the database only as AES-256-GCM ciphertext under the
 * author's note key (main/vault/note-key.ts); each ciphertext is bound to its vault, author, note,
 * session, kind and part, so rows cannot be moved between people, notes or sessions. (A holder of
 * the database key can still put an earlier state of a row back; rollback is not detected.) Only
 * the author ever reads them;
 * reads are audited with counts, never content. Nothing here enters the search index.
 */
export type NoteKind = 'preparation' | 'session';

export interface PrivateNoteView {
  readonly kind: NoteKind;
  readonly text: string;
  readonly savedAt: string | null;
  readonly draft: string | null;
  readonly draftAt: string | null;
}

interface NoteRow {
  id: string;
  session_id: string;
  kind: NoteKind;
  nonce: Buffer | null;
  ciphertext: Buffer | null;
  saved_at: string | null;
  draft_nonce: Buffer | null;
  draft_ciphertext: Buffer | null;
  draft_at: string | null;
}

function author(vault: UnlockedVault): string {
  const id = vault.account?.id;
  if (!id || !vault.account?.roles.includes('psychologist')) throw new AppError('forbidden', 'Private notes belong to the psychologist who writes them', { reason: 'psychologist_only' });
  return id;
}

function noteRows(vault: UnlockedVault, accountId: string, sessionId: string): NoteRow[] {
  return vault.db
    .prepare('SELECT id, session_id, kind, nonce, ciphertext, saved_at, draft_nonce, draft_ciphertext, draft_at FROM private_notes WHERE account_id = ? AND session_id = ?')
    .all(accountId, sessionId) as NoteRow[];
}

function view(vault: UnlockedVault, key: Buffer, accountId: string, row: NoteRow): PrivateNoteView {
  const binding: NoteBinding = { accountId, noteId: row.id, sessionId: row.session_id, kind: row.kind };
  const text = row.nonce && row.ciphertext ? openNote(vault, key, binding, 'text', row.nonce, row.ciphertext) : '';
  const draft = row.draft_nonce && row.draft_ciphertext ? openNote(vault, key, binding, 'draft', row.draft_nonce, row.draft_ciphertext) : null;
  return { kind: row.kind, text, savedAt: row.saved_at, draft, draftAt: row.draft_at };
}

/** The author's own notes for a session (their saved text and any unsaved draft). Audited. */
export function readPrivateNotes(vault: UnlockedVault, sessionId: string): { sessionId: string; preparation: PrivateNoteView | null; session: PrivateNoteView | null } {
  const accountId = author(vault);
  sessionRow(vault, sessionId);
  const key = requireNoteKey(vault);
  const views = noteRows(vault, accountId, sessionId).map((row) => view(vault, key, accountId, row));
  vault.audit('supervision.private-notes-read', { sessionId, notes: views.length });
  return { sessionId, preparation: views.find((v) => v.kind === 'preparation') ?? null, session: views.find((v) => v.kind === 'session') ?? null };
}

/** Writing needs the psychologist to sit in the session's team, like every supervision change. */
function writableNote(vault: UnlockedVault, sessionId: string, kind: NoteKind): { key: Buffer; binding: NoteBinding } {
  const accountId = author(vault);
  requirePsychologist(vault, sessionRow(vault, sessionId).team_id);
  const key = requireNoteKey(vault);
  const existing = vault.db.prepare('SELECT id FROM private_notes WHERE account_id = ? AND session_id = ? AND kind = ?').get(accountId, sessionId, kind) as { id: string } | undefined;
  const noteId = existing?.id ?? randomUUID();
  if (!existing) vault.db.prepare('INSERT INTO private_notes (id, account_id, session_id, kind, created_at) VALUES (?, ?, ?, ?, ?)').run(noteId, accountId, sessionId, kind, vault.now().toISOString());
  return { key, binding: { accountId, noteId, sessionId, kind } };
}

/** Typing, kept within a second: encrypted like the note, not gated by the guard, not audited per keystroke. */
export function saveNoteDraft(vault: UnlockedVault, input: { sessionId: string; kind: NoteKind; text: string }): { draftAt: string } {
  const draftAt = vault.now().toISOString();
  vault.db.transaction(() => {
    const { key, binding } = writableNote(vault, input.sessionId, input.kind);
    const sealed = sealNote(vault, key, binding, 'draft', input.text);
    vault.fence();
    vault.db.prepare('UPDATE private_notes SET draft_nonce = ?, draft_ciphertext = ?, draft_at = ? WHERE id = ?').run(sealed.nonce, sealed.ciphertext, draftAt, binding.noteId);
  })();
  return { draftAt };
}

/** Saves the note: the identifier guard gates it (a blocking hit needs a written reason, audited). */
export function saveNote(vault: UnlockedVault, input: { sessionId: string; kind: NoteKind; text: string; overrideReason: string | null }): PrivateNoteView {
  const hits = blockingHits(scanText(input.text, guardOptions(readCaps(vault))));
  if (hits.length > 0 && !input.overrideReason) throw new AppError('invalid_input', 'The note holds identifiers: remove them or give a reason', { reason: 'identifiers_in_text' });
  const savedAt = vault.now().toISOString();
  return vault.db.transaction(() => {
    const { key, binding } = writableNote(vault, input.sessionId, input.kind);
    const sealed = sealNote(vault, key, binding, 'text', input.text);
    vault.db
      .prepare('UPDATE private_notes SET nonce = ?, ciphertext = ?, saved_at = ?, draft_nonce = NULL, draft_ciphertext = NULL, draft_at = NULL WHERE id = ?')
      .run(sealed.nonce, sealed.ciphertext, savedAt, binding.noteId);
    if (hits.length > 0) vault.audit('guard.override', { kinds: [...new Set(hits.map((hit) => hit.kind))].join(','), sessionId: input.sessionId, privateNote: true });
    vault.audit('supervision.private-note-saved', { sessionId: input.sessionId, kind: input.kind });
    return { kind: input.kind, text: input.text, savedAt, draft: null, draftAt: null };
  })();
}
