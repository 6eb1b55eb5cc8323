import path from 'node:path';
import { writeAuditedExport } from '../../exports/export-files';
import type { DomainHandlers } from '../../ipc/registry';
import { actorOf, teamRolesOf, today } from '../../roster/access';
import { commitImport, previewImport, rosterCsv } from '../../roster/csv';
import { adminNames, firstRunChecklist } from '../../roster/first-run';
import { membersPage } from '../../roster/members-page';
import { teamRosterPdf } from '../../roster/roster-pdf';
import {
  archiveTeam,
  endMembership,
  linkAccount,
  listMembers,
  listOrganisations,
  listTeams,
  memberLeaves,
  readMember,
  saveMember,
  saveOrganisation,
  removeOrganisation,
  saveTeam,
  setMembership,
  teamHistory,
} from '../../roster/repository';
import type { VaultManager } from '../../vault/vault-manager';

/** The roster channels: thin — every rule lives in main/roster (repositories and access). */
export function rosterHandlers(manager: VaultManager): DomainHandlers {
  return {
    'roster:my-roles': () => {
      const vault = manager.vault;
      const actor = actorOf(vault);
      const member = vault.db.prepare('SELECT id FROM members WHERE account_id = ?').get(actor.accountId) as { id: string } | undefined;
      const roles = teamRolesOf(vault, actor.accountId, today(vault));
      return { isAdmin: actor.isAdmin, memberId: member?.id ?? null, teams: [...roles].map(([teamId, role]) => ({ teamId, role })) };
    },
    'roster:first-run': () => firstRunChecklist(manager.vault),
    'roster:admins': () => ({ names: adminNames(manager.vault) }),
    'roster:organisations': () => listOrganisations(manager.vault),
    'roster:save-organisation': (input) => saveOrganisation(manager.vault, input),
    'roster:remove-organisation': (input) => {
      removeOrganisation(manager.vault, input.organisationId);
      return { removed: true as const };
    },
    'roster:teams': (input) => listTeams(manager.vault, input),
    'roster:save-team': (input) => saveTeam(manager.vault, input),
    'roster:archive-team': (input) => archiveTeam(manager.vault, input),
    'roster:members': (input) => listMembers(manager.vault, input),
    'roster:members-page': (input) => membersPage(manager.vault, input),
    'roster:member': (input) => readMember(manager.vault, input.memberId),
    'roster:save-member': (input) => saveMember(manager.vault, input),
    'roster:set-membership': (input) => setMembership(manager.vault, input),
    'roster:end-membership': (input) => endMembership(manager.vault, input),
    'roster:member-leaves': (input) => memberLeaves(manager.vault, input),
    'roster:link-account': (input) => linkAccount(manager.vault, input),
    'roster:team-history': (input) => teamHistory(manager.vault, input.teamId),
    'roster:import-preview': (input) => previewImport(manager.vault, input.csv),
    'roster:import': (input) => commitImport(manager.vault, input.csv),
    'roster:team-pdf': async (input) => {
      const vault = manager.vault;
      const { pdf, rows, teamName } = await teamRosterPdf(vault, input.teamId);
      const written = await writeAuditedExport(input.folder, `teamlista-${teamName}-${today(vault)}.pdf`, pdf, ({ file, sha256 }) =>
        vault.audit('roster.pdf-exported', { rows, teamId: input.teamId, sha256, fileName: path.basename(file) }),
      );
      return { ...written, rows };
    },
    'roster:export-csv': async (input) => {
      const vault = manager.vault;
      const { csv, rows } = rosterCsv(vault, input.teamId);
      // A disclosure of staff contact details: audited, once written, with the file's hash.
      const written = await writeAuditedExport(input.folder, `teamlista-${today(vault)}.csv`, csv, ({ file, sha256 }) =>
        vault.audit('roster.exported', { rows, teamId: input.teamId ?? null, sha256, fileName: path.basename(file) }),
      );
      return { ...written, rows };
    },
  };
}
