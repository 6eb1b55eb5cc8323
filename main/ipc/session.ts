import type { HostKind } from '../../shared/ipc/contract';

export type GlobalRole = 'admin' | 'psychologist';

/** The signed-in account behind a call; null until the vault is unlocked (vault issue). */
export interface AccountRef {
  readonly accountId: string;
  readonly roles: readonly GlobalRole[];
  /** After an admin reset or a new account: only changing the password (or locking) is allowed. */
  readonly mustChangePassword?: boolean;
}

/** Who is calling, as resolved by the transport (Electron webContents or browser-host session). */
export interface CallerSession {
  readonly host: HostKind;
  readonly sessionId: string;
  readonly account: AccountRef | null;
}
