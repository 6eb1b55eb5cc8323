import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/ipc/errors';
import { checkAccess } from './permissions';
import type { CallerSession } from './session';

const anonymous: CallerSession = { host: 'electron', sessionId: 'w1', account: null };
const member: CallerSession = { ...anonymous, account: { accountId: 'a1', roles: [] } };
const admin: CallerSession = { ...anonymous, account: { accountId: 'a2', roles: ['admin'] } };

function codeOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not-an-AppError';
  }
}

describe('checkAccess', () => {
  it('lets anyone call `anyone` channels', () => {
    expect(codeOf(() => checkAccess('anyone', anonymous))).toBeNull();
  });

  it('needs a signed-in account for `account` channels', () => {
    expect(codeOf(() => checkAccess('account', anonymous))).toBe('unauthenticated');
    expect(codeOf(() => checkAccess('account', member))).toBeNull();
  });

  it('needs the role for role channels', () => {
    expect(codeOf(() => checkAccess('admin', anonymous))).toBe('unauthenticated');
    expect(codeOf(() => checkAccess('admin', member))).toBe('forbidden');
    expect(codeOf(() => checkAccess('admin', admin))).toBeNull();
    expect(codeOf(() => checkAccess('psychologist', admin))).toBe('forbidden');
  });
});
