import { z } from 'zod';

/**
 * Retention (gallring) rules per kind of record, in months, set by an admin. The defaults are
 * written in the README. The audit log is kept at least five years. The backup ladder never keeps
 * a backup longer than the shortest rule, so a purge is not undone by an old backup.
 */
export const RETENTION_KINDS = ['case-records', 'minutes', 'supervision', 'handovers', 'audit-log'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export const RETENTION_DEFAULTS: Readonly<Record<RetentionKind, number>> = {
  'case-records': 60,
  minutes: 60,
  supervision: 60,
  handovers: 60,
  'audit-log': 60,
};

export const RETENTION_MINIMUM: Readonly<Record<RetentionKind, number>> = {
  'case-records': 1,
  minutes: 1,
  supervision: 1,
  handovers: 1,
  'audit-log': 60,
};

const Months = z.number().int().min(1).max(1200);
export const RetentionRules = z
  .object({ 'case-records': Months, minutes: Months, supervision: Months, handovers: Months, 'audit-log': Months })
  .strict();
export type RetentionRules = z.infer<typeof RetentionRules>;

export const RetentionView = z.object({
  rules: RetentionRules,
  defaults: RetentionRules,
  minimum: RetentionRules,
  /** How long a backup is kept at most: the shortest rule (and never more than a year). */
  backupMaxDays: z.number().int(),
});

/** The longest a backup may be kept, in days: the shortest retention rule, at most the ladder's year. */
export function backupMaxDays(rules: RetentionRules): number {
  const shortest = Math.min(...RETENTION_KINDS.map((kind) => rules[kind]));
  return Math.min(366, Math.floor((shortest * 365.25) / 12));
}
