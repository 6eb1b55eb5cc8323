import type { NoteSecret } from './header';

/**
 * What an unlocked account holds in memory for its private notes, zeroed when the vault closes:
 * the secret its password gave (from the slot's own Argon2id run), and the note key once opened
 * with it, with an old password or with the personal code.
 */
export class PrivateSecrets {
  #noteSecret: NoteSecret | null;
  #noteKey: Buffer | null = null;

  constructor(noteSecret: NoteSecret | null) {
    this.#noteSecret = noteSecret;
  }

  get noteSecret(): NoteSecret | null {
    return this.#noteSecret;
  }

  /** After an own password change: the new password's secret replaces the old one. */
  replaceNoteSecret(next: NoteSecret): void {
    this.#noteSecret?.secret.fill(0);
    this.#noteSecret = next;
  }

  get noteKey(): Buffer | null {
    return this.#noteKey;
  }

  /** Keeps a copy of the opened note key; the caller zeroes its own. */
  holdNoteKey(key: Buffer): void {
    this.#noteKey?.fill(0);
    this.#noteKey = Buffer.from(key);
  }

  clear(): void {
    this.#noteSecret?.secret.fill(0);
    this.#noteSecret = null;
    this.#noteKey?.fill(0);
    this.#noteKey = null;
  }
}
