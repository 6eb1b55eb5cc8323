import type { NoteSecret } from './header';

/**
 * What an unlocked account holds in memory for its private notes, zeroed when the vault closes:
 * the secret its password gave (from the slot's own Argon2id run), and the note key once opened
 * with it, with an old password or with the personal code. Once cleared it stays cleared: a key
 * that arrives late (an unlock still running when the vault locked) is zeroed, not kept.
 */
export class PrivateSecrets {
  #noteSecret: NoteSecret | null;
  #noteKey: Buffer | null = null;
  #cleared = false;

  constructor(noteSecret: NoteSecret | null) {
    this.#noteSecret = noteSecret;
  }

  get noteSecret(): NoteSecret | null {
    return this.#noteSecret;
  }

  /** After an own password change: the new password's secret replaces the old one. */
  replaceNoteSecret(next: NoteSecret): void {
    if (this.#cleared) {
      next.secret.fill(0);
      throw new Error('The vault is locked');
    }
    this.#noteSecret?.secret.fill(0);
    this.#noteSecret = next;
  }

  get noteKey(): Buffer | null {
    return this.#noteKey;
  }

  /** Keeps a copy of the opened note key; the caller zeroes its own. */
  holdNoteKey(key: Buffer): void {
    if (this.#cleared) throw new Error('The vault is locked');
    this.#noteKey?.fill(0);
    this.#noteKey = Buffer.from(key);
  }

  clear(): void {
    this.#cleared = true;
    this.#noteSecret?.secret.fill(0);
    this.#noteSecret = null;
    this.#noteKey?.fill(0);
    this.#noteKey = null;
  }
}
