import { describe, expect, it } from 'vitest';
import { parseErrorDetail } from './errors';

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
