import path from 'node:path';
import { codeSlipPdf } from '../../cases/code-slip-pdf';
import { consentFormPdf } from '../../cases/consent-form-pdf';
import { consentOverview, recordPaperReturned } from '../../cases/consents';
import { activateCase, archiveCase, decideCase, planCheckins, proposeCase, recordCheckin, reopenCase } from '../../cases/lifecycle';
import { addConsent, breakGlassRead, closeCase, createCase, flagForSupervision, getCase, listCases, withdrawConsent } from '../../cases/repository';
import { ageBandSettings, setAgeBands } from '../../cases/facts';
import { setCaseFacts } from '../../cases/set-facts';
import { writeAuditedExport } from '../../exports/export-files';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';
import { reads, writes } from '../compose';

/** The case channels: thin — the rules (team, consent, break-glass) live in main/cases. */
export function caseHandlers(manager: VaultManager): DomainHandlers {
  return {
    'cases:list': reads(manager, (caps, { teamId, ...options }) => listCases(caps, teamId, options)),
    'cases:get': reads(manager, (caps, input) => getCase(caps, input.caseId)),
    'cases:break-glass': reads(manager, breakGlassRead),
    'cases:create': writes(manager, createCase),
    'cases:add-consent': writes(manager, addConsent),
    'cases:withdraw-consent': writes(manager, withdrawConsent),
    'cases:close': writes(manager, closeCase),
    'cases:flag-supervision': writes(manager, flagForSupervision),
    'cases:consent-overview': reads(manager, (caps, input) => consentOverview(caps, input.teamId)),
    // A disclosure of the case code and the consent's terms: audited once the file is there (its
    // hash, never its content), the file removed again if that row cannot be written.
    'cases:consent-form-pdf': reads(manager, async (caps, input) => {
      const { pdf, caseCode, consent } = await consentFormPdf(caps, input.consentId);
      const written = await writeAuditedExport(input.folder, `samtycke-${caseCode}-${caps.access.date}.pdf`, pdf, ({ file, sha256 }) =>
        caps.audit.record('case.consent-form-exported', { consentId: consent.id, organisationId: consent.organisationId, sha256, fileName: path.basename(file) }, caseCode),
      );
      return { ...written, rows: 1 };
    }),
    'cases:consent-paper-returned': writes(manager, recordPaperReturned),
    'cases:propose': writes(manager, proposeCase),
    'cases:activate': writes(manager, activateCase),
    'cases:decide': writes(manager, decideCase),
    'cases:plan-checkins': writes(manager, planCheckins),
    'cases:record-checkin': writes(manager, recordCheckin),
    'cases:archive': writes(manager, archiveCase),
    'cases:reopen': writes(manager, reopenCase),
    // The code slip discloses the case code to paper: audited like the consent form (the file's hash, never its content).
    'cases:code-slip-pdf': reads(manager, async (caps, input) => {
      const { pdf, caseCode } = await codeSlipPdf(caps, input.caseId);
      const written = await writeAuditedExport(input.folder, `kodlapp-${caseCode}-${caps.access.date}.pdf`, pdf, ({ file, sha256 }) =>
        caps.audit.record('case.code-slip-exported', { caseId: input.caseId, sha256, fileName: path.basename(file) }, caseCode),
      );
      return { ...written, rows: 1 };
    }),
    'cases:set-facts': writes(manager, setCaseFacts),
    'cases:age-bands': reads(manager, (caps) => ageBandSettings(caps)),
    'cases:set-age-bands': writes(manager, setAgeBands),
  };
}
