import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FLOOR_KDF } from '../test-support/fast-kdf';
import { type HeaderBody, type Slot, makeAccountSlot, makeRecoverySlot, openAccountSlot, openRecoverySlot, parseHeader, resealAccountSlot, rewrapAccountSlot, sealHeader } from './header';
import { formatRecoveryKey, newRecoveryKey, parseRecoveryKey } from './recovery-key';

async function twoAccountHeader() {
  const vaultId = randomUUID();
  const databaseKey = randomBytes(32);
  const anna = await makeAccountSlot(vaultId, 'acc-anna', 'anna', 1, FLOOR_KDF, 'annas långa lösenord', databaseKey);
  const bo = await makeAccountSlot(vaultId, 'acc-bo', 'bo', 1, FLOOR_KDF, 'bos långa lösenord', databaseKey);
  const body: HeaderBody = { format: 1, vaultId, generation: 1, kdf: FLOOR_KDF, slots: [anna, bo], failedUnlocks: [] };
  return { body, databaseKey, anna, bo };
}

describe('account slots', () => {
  it('open with the right password only', async () => {
    const { body, databaseKey } = await twoAccountHeader();
    expect((await openAccountSlot(body, 'acc-anna', 'annas långa lösenord'))?.equals(databaseKey)).toBe(true);
    expect(await openAccountSlot(body, 'acc-anna', 'bos långa lösenord')).toBeNull();
    expect(await openAccountSlot(body, 'acc-nobody', 'annas långa lösenord')).toBeNull();
  });

  it('cannot be swapped between accounts: the wrap is bound to its account', async () => {
    const { body, anna, bo } = await twoAccountHeader();
    // Bo copies Anna's slot over his own account id (and the reverse), then tries both passwords.
    const swapped: Slot[] = [
      { ...anna, accountId: 'acc-bo', usernameTag: bo.usernameTag },
      { ...bo, accountId: 'acc-anna', usernameTag: anna.usernameTag },
    ];
    const tampered = { ...body, slots: swapped };
    for (const password of ['annas långa lösenord', 'bos långa lösenord']) {
      expect(await openAccountSlot(tampered, 'acc-anna', password)).toBeNull();
      expect(await openAccountSlot(tampered, 'acc-bo', password)).toBeNull();
    }
  });

  it('are bound to the KDF parameters and the vault id', async () => {
    const { body } = await twoAccountHeader();
    expect(await openAccountSlot({ ...body, kdf: { ...FLOOR_KDF, iterations: 4 } }, 'acc-anna', 'annas långa lösenord')).toBeNull();
    expect(await openAccountSlot({ ...body, vaultId: randomUUID() }, 'acc-anna', 'annas långa lösenord')).toBeNull();
  });
});

describe('recovery slot', () => {
  it('opens with its recovery key only', () => {
    const vaultId = randomUUID();
    const databaseKey = randomBytes(32);
    const recovery = newRecoveryKey();
    const body: HeaderBody = { format: 1, vaultId, generation: 1, kdf: FLOOR_KDF, slots: [makeRecoverySlot(vaultId, 1, recovery.bytes, databaseKey)], failedUnlocks: [] };
    expect(openRecoverySlot(body, recovery.bytes)?.equals(databaseKey)).toBe(true);
    expect(openRecoverySlot(body, randomBytes(32))).toBeNull();
  });

  it('round-trips the printed form', () => {
    const bytes = randomBytes(32);
    const text = formatRecoveryKey(bytes);
    expect(text).toMatch(/^([A-Z0-9]{4}-){12}[A-Z0-9]{4}$/);
    expect(parseRecoveryKey(text)?.equals(bytes)).toBe(true);
    expect(parseRecoveryKey(text.slice(0, -1))).toBeNull();
  });
});

describe('header checksum', () => {
  it('detects any change to a sealed header', async () => {
    const { body } = await twoAccountHeader();
    const sealed = sealHeader(body);
    expect(parseHeader(JSON.stringify(sealed))).toEqual(sealed);
    expect(parseHeader(JSON.stringify({ ...sealed, generation: 2 }))).toBeNull();
    expect(parseHeader(JSON.stringify(sealed).slice(0, 100))).toBeNull();
  });
});

describe('re-sealing and re-wrapping', () => {
  it('re-seals a new database key to an account without its password', async () => {
    const { body } = await twoAccountHeader();
    const newKey = randomBytes(32);
    const slots = body.slots.map((slot) => (slot.kind === 'account' ? resealAccountSlot(body.vaultId, slot, newKey) : slot));
    expect((await openAccountSlot({ ...body, slots }, 'acc-bo', 'bos långa lösenord'))?.equals(newKey)).toBe(true);
  });

  it('re-wraps on a password change: the new password opens, the old does not', async () => {
    const { body, databaseKey, anna } = await twoAccountHeader();
    const changed = await rewrapAccountSlot(body, anna, 'annas långa lösenord', 'annas nya långa lösenord');
    expect(changed?.slot.slotVersion).toBe(2);
    const slots = body.slots.map((slot) => (slot.kind === 'account' && slot.accountId === 'acc-anna' && changed ? changed.slot : slot));
    expect((await openAccountSlot({ ...body, slots }, 'acc-anna', 'annas nya långa lösenord'))?.equals(databaseKey)).toBe(true);
    expect(await openAccountSlot({ ...body, slots }, 'acc-anna', 'annas långa lösenord')).toBeNull();
    expect(await rewrapAccountSlot(body, anna, 'fel', 'x')).toBeNull();
  });
});
