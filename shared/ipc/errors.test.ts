import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, REFUSAL_CODES, fieldOf, isRefusalCode, parseErrorDetail } from './errors';

describe('parseErrorDetail', () => {
  it('keeps a backup time given as ISO 8601 with its zone, or null, and drops anything else', () => {
    expect(parseErrorDetail({ newestBackupAt: '2026-11-23T10:00:00.000Z' })).toEqual({ newestBackupAt: '2026-11-23T10:00:00.000Z' });
    expect(parseErrorDetail({ newestBackupAt: null })).toEqual({ newestBackupAt: null });
    expect(parseErrorDetail({ newestBackupAt: '2026-11-23' })).toBeUndefined();
    expect(parseErrorDetail({ newestBackupAt: '<img src=x>' })).toBeUndefined();
    expect(parseErrorDetail({ newestBackupAt: 5 })).toBeUndefined();
    expect(parseErrorDetail('x')).toBeUndefined();
    expect(parseErrorDetail(undefined)).toBeUndefined();
  });

  it('keeps the field a refusal is about only when it is one the page knows', () => {
    expect(parseErrorDetail({ field: 'reason' })).toEqual({ field: 'reason' });
    expect(parseErrorDetail({ field: 'reason', newestBackupAt: null })).toEqual({ field: 'reason', newestBackupAt: null });
    expect(parseErrorDetail({ field: '<b>' })).toBeUndefined();
  });

  it('keeps a known reason and the known uses of an organisation, and drops the rest', () => {
    expect(parseErrorDetail({ reason: 'key_mismatch' })).toEqual({ reason: 'key_mismatch' });
    expect(parseErrorDetail({ reason: 'drop table' })).toBeUndefined();
    expect(parseErrorDetail({ reason: 'organisation_in_use', uses: ['members', 'x', 'members', 3, 'audit'] })).toEqual({ reason: 'organisation_in_use', uses: ['members', 'audit'] });
    expect(parseErrorDetail({ field: 'displayName' })).toEqual({ field: 'displayName' });
    expect(parseErrorDetail({ field: 'a'.repeat(65) })).toBeUndefined();
  });
});

describe('AppError: a refusal says why or which input', () => {
  it('takes a reason, a field or both for conflict, forbidden and invalid_input — tsc refuses one with neither', () => {
    expect(new AppError('conflict', 'x', { reason: 'name_taken', field: 'name' }).detail).toEqual({ reason: 'name_taken', field: 'name' });
    expect(new AppError('forbidden', 'x', { reason: 'own_account' }).detail).toEqual({ reason: 'own_account' });
    expect(new AppError('invalid_input', 'x', { field: 'heard' }).detail).toEqual({ field: 'heard' });
    // These lines are the guard (tsc -p tsconfig.tests.json): each must stay a type error.
    // @ts-expect-error a conflict without a reason or field leaves the user guessing
    expect(new AppError('conflict', 'x').detail).toBeUndefined();
    // @ts-expect-error an empty detail says nothing either
    expect(new AppError('forbidden', 'x', {}).detail).toEqual({});
    // @ts-expect-error the uses alone are no reason
    expect(new AppError('invalid_input', 'x', { uses: ['members'] }).code).toBe('invalid_input');
  });

  it('needs no detail for the codes that say enough on their own', () => {
    expect(new AppError('not_found', 'No such case').detail).toBeUndefined();
    expect(new AppError('storage_full', 'x', { newestBackupAt: null }).detail).toEqual({ newestBackupAt: null });
    expect(ERROR_CODES.filter(isRefusalCode)).toEqual([...REFUSAL_CODES].sort((a, b) => ERROR_CODES.indexOf(a) - ERROR_CODES.indexOf(b)));
  });
});

describe('fieldOf', () => {
  it('names the deepest key of the first issue that has one, never an index or a value-like key', () => {
    expect(fieldOf([{ path: ['member', 'displayName'] }])).toEqual({ field: 'displayName' });
    expect(fieldOf([{ path: ['body', 'actions', 2, 'dueDate'] }])).toEqual({ field: 'dueDate' });
    expect(fieldOf([{ path: ['rules', 'case-records'] }])).toEqual({ field: 'rules' });
    expect(fieldOf([{ path: [] }, { path: ['name'] }])).toEqual({ field: 'name' });
    expect(fieldOf([{ path: [0] }])).toBeUndefined();
  });
});
