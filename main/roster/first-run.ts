import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/ipc/errors';
import { FIRST_RUN_STEPS, type FirstRunChecklist, type FirstRunStep } from '../../shared/ipc/contract';
import type { Profession } from '../../shared/roster/model';
import type { ReadCaps, WriteCaps } from '../capabilities/caps';
import { requireAdmin } from './access';
import { insertMember } from './repository';

/**
 * The signed-in admin's own member record in the roster, linked to their account: made at setup
 * so the admin is part of the roster from the first minute (DESIGN.md, the roster is who sits
 * at the table). Audited as a member saved and an account linked, like the two steps by hand.
 */
export function createOwnMember(caps: WriteCaps, input: { profession: Profession; professionOther: string }): string {
  const actor = caps.access.actor;
  requireAdmin(actor);
  const account = caps.account;
  if (caps.db.prepare('SELECT 1 FROM members WHERE account_id = ?').get(account.id)) throw new AppError('conflict', 'Your account is already linked to a member', { reason: 'already_done' });
  const id = randomUUID();
  const professionOther = input.profession === 'other' ? input.professionOther.trim() : '';
  if (input.profession === 'other' && !professionOther) throw new AppError('invalid_input', 'Say which profession', { field: 'professionOther' });
  caps.db.transaction(() => {
    insertMember(caps, id, {
      displayName: account.displayName,
      profession: input.profession,
      professionOther,
      organisationId: account.organisationId,
      phone: '',
      email: '',
      activeFrom: caps.access.date,
    });
    caps.db.prepare('UPDATE members SET account_id = ? WHERE id = ?').run(account.id, id);
    caps.audit.record('roster.member-saved', { memberId: id, created: true });
    caps.audit.record('roster.account-linked', { memberId: id, accountId: account.id });
  })();
  return id;
}

/**
 * The admin's first-run checklist, each step ticked from what the vault holds:
 * - organisationKind: the own organisation's kind was chosen (at setup, or saved since) — "Annan" chosen counts;
 * - team: a team that is not archived;
 * - members: someone in the roster besides the admin's own record;
 * - accounts: an account besides the admin's own;
 * - ownAccountLinked: the admin's account is linked to a member.
 */
export function firstRunChecklist(caps: ReadCaps): FirstRunChecklist {
  const actor = caps.access.actor;
  requireAdmin(actor);
  const db = caps.db;
  const own = db.prepare('SELECT kind, kind_chosen_at FROM organisations WHERE is_own = 1').get() as { kind: string; kind_chosen_at: string | null } | undefined;
  // Chosen at setup or saved in the editor since (migration 015); a kind other than "other" was chosen too.
  const kindChosen = own !== undefined && (own.kind !== 'other' || own.kind_chosen_at !== null);
  const done: Record<FirstRunStep, boolean> = {
    organisationKind: kindChosen,
    team: db.prepare('SELECT 1 FROM teams WHERE archived_at IS NULL').get() !== undefined,
    members: db.prepare('SELECT 1 FROM members WHERE account_id IS NULL OR account_id <> ?').get(actor.accountId) !== undefined,
    accounts: db.prepare('SELECT 1 FROM accounts WHERE id <> ? AND removed_at IS NULL').get(actor.accountId) !== undefined,
    ownAccountLinked: db.prepare('SELECT 1 FROM members WHERE account_id = ?').get(actor.accountId) !== undefined,
  };
  const steps = FIRST_RUN_STEPS.map((step) => ({ step, done: done[step] }));
  return { steps, done: steps.every((step) => step.done) };
}

/** The admins' display names, for "ask an admin to add you to a team". */
export function adminNames(caps: ReadCaps): string[] {
  const rows = caps.db.prepare('SELECT display_name FROM accounts WHERE is_admin = 1 AND removed_at IS NULL ORDER BY display_name COLLATE NOCASE').all() as { display_name: string }[];
  return rows.map((row) => row.display_name);
}
