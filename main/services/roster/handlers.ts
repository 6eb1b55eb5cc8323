import path from 'node:path';
import type { Member } from '../../../shared/roster/model';
import type { WriteCaps } from '../../capabilities/caps';
import { writeAuditedExport } from '../../exports/export-files';
import type { DomainHandlers } from '../../ipc/registry';
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
  myRoles,
  readMember,
  saveMember,
  saveOrganisation,
  removeOrganisation,
  saveTeam,
  setMembership,
  teamHistory,
} from '../../roster/repository';
import type { VaultManager } from '../../vault/vault-manager';
import { reads, writes } from '../compose';

/** The roster channels: thin — every rule lives in main/roster (repositories and access). */
export function rosterHandlers(manager: VaultManager): DomainHandlers {
  /**
   * A change to the signed-in account's own member can change its home organisation (the roster
   * keeps it, main/roster/repository.ts): its session is read again, so the consent rules see the
   * new one from the next call. The repository has no session to reload.
   */
  const ownAccountFollows =
    <I>(change: (caps: WriteCaps, input: I) => Member) =>
    (caps: WriteCaps, input: I): Member => {
      const member = change(caps, input);
      if (member.accountId === caps.account.id) manager.vault.reloadAccount();
      return member;
    };
  return {
    'roster:my-roles': reads(manager, myRoles),
    'roster:first-run': reads(manager, firstRunChecklist),
    'roster:admins': reads(manager, (caps) => ({ names: adminNames(caps) })),
    'roster:organisations': reads(manager, listOrganisations),
    'roster:save-organisation': writes(manager, saveOrganisation),
    'roster:remove-organisation': writes(manager, (caps, input) => {
      removeOrganisation(caps, input.organisationId);
      return { removed: true as const };
    }),
    'roster:teams': reads(manager, listTeams),
    'roster:save-team': writes(manager, saveTeam),
    'roster:archive-team': writes(manager, archiveTeam),
    'roster:members': reads(manager, listMembers),
    'roster:members-page': reads(manager, membersPage),
    'roster:member': reads(manager, (caps, input) => readMember(caps, input.memberId)),
    'roster:save-member': writes(manager, ownAccountFollows(saveMember)),
    'roster:set-membership': writes(manager, setMembership),
    'roster:end-membership': writes(manager, endMembership),
    'roster:member-leaves': writes(manager, memberLeaves),
    'roster:link-account': writes(manager, ownAccountFollows(linkAccount)),
    'roster:team-history': reads(manager, (caps, input) => teamHistory(caps, input.teamId)),
    'roster:import-preview': reads(manager, (caps, input) => previewImport(caps, input.csv)),
    'roster:import': writes(manager, (caps, input) => commitImport(caps, input.csv)),
    // Disclosures of staff contact details: the export itself audits, once the file is written,
    // with its hash — and removes the file again if the row cannot be written (exports/export-files.ts).
    'roster:team-pdf': reads(manager, async (caps, input) => {
      const { pdf, rows, teamName } = await teamRosterPdf(caps, input.teamId);
      const written = await writeAuditedExport(input.folder, `teamlista-${teamName}-${caps.access.date}.pdf`, pdf, ({ file, sha256 }) =>
        caps.audit.record('roster.pdf-exported', { rows, teamId: input.teamId, sha256, fileName: path.basename(file) }),
      );
      return { ...written, rows };
    }),
    'roster:export-csv': reads(manager, async (caps, input) => {
      const { csv, rows } = rosterCsv(caps, input.teamId);
      const written = await writeAuditedExport(input.folder, `teamlista-${caps.access.date}.csv`, csv, ({ file, sha256 }) =>
        caps.audit.record('roster.exported', { rows, teamId: input.teamId ?? null, sha256, fileName: path.basename(file) }),
      );
      return { ...written, rows };
    }),
  };
}
