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
});
