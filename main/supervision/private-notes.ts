import { randomUUID } from 'node:crypto';
import { blockingHits, scanText } from '../../shared/guard/identifier-guard';
import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { guardOptions } from '../guard/extra-names';
import type { NoteBinding, NoteCipher } from '../vault/note-key';
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

function author(caps: ReadCaps): string {
  if (!caps.account.roles.includes('psychologist')) throw new AppError('forbidden', 'Private notes belong to the psychologist who writes them', { reason: 'psychologist_only' });
  return caps.account.id;
}

function noteRows(caps: ReadCaps, accountId: string, sessionId: string): NoteRow[] {
  return caps.db
    .prepare('SELECT id, session_id, kind, nonce, ciphertext, saved_at, draft_nonce, draft_ciphertext, draft_at FROM private_notes WHERE account_id = ? AND session_id = ?')
    .all(accountId, sessionId) as NoteRow[];
}

function view(notes: NoteCipher, accountId: string, row: NoteRow): PrivateNoteView {
  const binding: NoteBinding = { accountId, noteId: row.id, sessionId: row.session_id, kind: row.kind };
  const text = row.nonce && row.ciphertext ? notes.open(binding, 'text', row.nonce, row.ciphertext) : '';
  const draft = row.draft_nonce && row.draft_ciphertext ? notes.open(binding, 'draft', row.draft_nonce, row.draft_ciphertext) : null;
  return { kind: row.kind, text, savedAt: row.saved_at, draft, draftAt: row.draft_at };
}

/**
 * The author's own notes for a session (their saved text and any unsaved draft). Audited. `notes`
 * opens them under the signed-in account's note key (main/vault/note-key.ts; the key stays there).
 */
export function readPrivateNotes(caps: ReadCaps, notes: NoteCipher, sessionId: string): { sessionId: string; preparation: PrivateNoteView | null; session: PrivateNoteView | null } {
  const accountId = author(caps);
  sessionRow(caps, sessionId);
  notes.requireOpen();
  const views = noteRows(caps, accountId, sessionId).map((row) => view(notes, accountId, row));
  caps.audit.record('supervision.private-notes-read', { sessionId, notes: views.length });
  return { sessionId, preparation: views.find((v) => v.kind === 'preparation') ?? null, session: views.find((v) => v.kind === 'session') ?? null };
}

/** Writing needs the psychologist to sit in the session's team, like every supervision change. */
function writableNote(caps: WriteCaps, notes: NoteCipher, sessionId: string, kind: NoteKind): NoteBinding {
  const accountId = author(caps);
  requirePsychologist(caps, sessionRow(caps, sessionId).team_id);
  notes.requireOpen();
  const existing = caps.db.prepare('SELECT id FROM private_notes WHERE account_id = ? AND session_id = ? AND kind = ?').get(accountId, sessionId, kind) as { id: string } | undefined;
  const noteId = existing?.id ?? randomUUID();
  if (!existing) caps.db.prepare('INSERT INTO private_notes (id, account_id, session_id, kind, created_at) VALUES (?, ?, ?, ?, ?)').run(noteId, accountId, sessionId, kind, caps.clock.now().toISOString());
  return { accountId, noteId, sessionId, kind };
}

/** Typing, kept within a second: encrypted like the note, not gated by the guard, not audited per keystroke. */
export function saveNoteDraft(caps: WriteCaps, notes: NoteCipher, input: { sessionId: string; kind: NoteKind; text: string }): { draftAt: string } {
  const draftAt = caps.clock.now().toISOString();
  caps.db.transaction(() => {
    const binding = writableNote(caps, notes, input.sessionId, input.kind);
    const sealed = notes.seal(binding, 'draft', input.text);
    notes.fence();
    caps.db.prepare('UPDATE private_notes SET draft_nonce = ?, draft_ciphertext = ?, draft_at = ? WHERE id = ?').run(sealed.nonce, sealed.ciphertext, draftAt, binding.noteId);
  })();
  return { draftAt };
}

/** Saves the note: the identifier guard gates it (a blocking hit needs a written reason, audited). */
export function saveNote(caps: WriteCaps, notes: NoteCipher, input: { sessionId: string; kind: NoteKind; text: string; overrideReason: string | null }): PrivateNoteView {
  const hits = blockingHits(scanText(input.text, guardOptions(caps)));
  if (hits.length > 0 && !input.overrideReason) throw new AppError('invalid_input', 'The note holds identifiers: remove them or give a reason', { reason: 'identifiers_in_text' });
  const savedAt = caps.clock.now().toISOString();
  return caps.db.transaction(() => {
    const binding = writableNote(caps, notes, input.sessionId, input.kind);
    const sealed = notes.seal(binding, 'text', input.text);
    caps.db
      .prepare('UPDATE private_notes SET nonce = ?, ciphertext = ?, saved_at = ?, draft_nonce = NULL, draft_ciphertext = NULL, draft_at = NULL WHERE id = ?')
      .run(sealed.nonce, sealed.ciphertext, savedAt, binding.noteId);
    if (hits.length > 0) caps.audit.record('guard.override', { kinds: [...new Set(hits.map((hit) => hit.kind))].join(','), sessionId: input.sessionId, privateNote: true });
    caps.audit.record('supervision.private-note-saved', { sessionId: input.sessionId, kind: input.kind });
    return { kind: input.kind, text: input.text, savedAt, draft: null, draftAt: null };
  })();
}
