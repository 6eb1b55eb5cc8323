import { z } from 'zod';
import { AGE_BAND_PATTERN, CASE_PHASES, CONSENT_CATEGORIES, CONSENT_DIRECTIONS, CONSENT_MODES, OUTCOMES, UNREADABLE_REASONS } from './codes';
import { Gender, IncomeSource, ParticipantFacts } from './facts';

/** A band as stored ("20-24", "30+"); main checks a new case's band against the vault's configured bands. */
export const AgeBand = z.string().regex(AGE_BAND_PATTERN);
export type AgeBand = z.infer<typeof AgeBand>;
export const CasePhase = z.enum(CASE_PHASES);
export type CasePhase = z.infer<typeof CasePhase>;
export const ConsentMode = z.enum(CONSENT_MODES);
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;
export const ConsentDirection = z.enum(CONSENT_DIRECTIONS);
export const ConsentCategory = z.enum(CONSENT_CATEGORIES);
export const UnreadableReason = z.enum(UNREADABLE_REASONS);
export type UnreadableReason = z.infer<typeof UnreadableReason>;

const Id = z.uuid();
const IsoDate = z.iso.date();

/** What every member of the team sees of a case: its code and shape, never its content. */
export const CaseSummary = z.object({
  id: Id,
  teamId: Id,
  code: z.string(),
  ageBand: AgeBand,
  consentMode: ConsentMode,
  status: z.enum(['active', 'closed']),
  outcome: Outcome.nullable(),
  closedOn: z.string().nullable(),
  raisedBy: z.object({ id: Id, name: z.string() }),
  owner: z.object({ id: Id, name: z.string(), organisationId: Id }).nullable(),
  flaggedForSupervision: z.boolean(),
  /** Whether the signed-in reader may read the content today, and if not, why. */
  readable: z.boolean(),
  unreadableReason: UnreadableReason.nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const Consent = z.object({
  id: Id,
  organisationId: Id,
  organisationName: z.string(),
  direction: ConsentDirection,
  categories: z.array(ConsentCategory),
  purpose: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  guardianConsent: z.boolean(),
  paperFiledAt: z.string(),
  withdrawnOn: z.string().nullable(),
  /** The day the signed paper came back; null while it is still out. */
  paperReturnedOn: z.string().nullable(),
});
export type Consent = z.infer<typeof Consent>;

/** A case with its content, for readers (and for one break-glass read). */
export const CaseDetail = CaseSummary.extend({
  outcomeOther: z.string(),
  consents: z.array(Consent),
  /** Set when this read was a break-glass read. */
  breakGlass: z.boolean(),
  /** The participant's coarse facts for follow-up (shared/cases/facts.ts); main always sends them. */
  facts: ParticipantFacts.optional(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CreateCaseInput = z
  .object({
    teamId: Id,
    ageBand: AgeBand,
    consentMode: ConsentMode,
    raisedByOrganisationId: Id,
    ownerMemberId: Id.nullable(),
    /** Kön and income at start (issue 20): asked by the form, null when not recorded. */
    gender: Gender.nullable().optional(),
    incomeAtStart: IncomeSource.nullable().optional(),
  })
  .strict();

export const AddConsentInput = z
  .object({
    caseId: Id,
    organisationId: Id,
    direction: ConsentDirection,
    categories: z.array(ConsentCategory).min(1).max(CONSENT_CATEGORIES.length),
    purpose: z.string().trim().min(1).max(500),
    validFrom: IsoDate,
    validTo: IsoDate,
    guardianConsent: z.boolean(),
    /** Where the signed paper is kept (e.g. "Socialtjänstens akt"), never a copy of it. */
    paperFiledAt: z.string().trim().min(1).max(200),
  })
  .strict();

export const WithdrawConsentInput = z.object({ consentId: Id, date: IsoDate }).strict();
export const CloseCaseInput = z.object({ caseId: Id, outcome: Outcome, outcomeOther: z.string().trim().max(200), date: IsoDate }).strict();
export const FlagSupervisionInput = z.object({ caseId: Id, flagged: z.boolean() }).strict();
export const BreakGlassInput = z.object({ caseId: Id, reason: z.string().trim().min(10).max(500) }).strict();

/**
 * The consent overview (issue 20): a team's consents that need the chair's attention today.
 * expiring — valid today and ending within the horizon (30 days); expired — ended and not renewed
 * (no consent for the same organisation in the case covers today or later); withdrawn — withdrawn
 * and not renewed; current — valid and not ending soon, listed only when its paper has not come back.
 */
export const CONSENT_OVERVIEW_STATES = ['expiring', 'expired', 'withdrawn', 'current'] as const;
export const ConsentOverviewState = z.enum(CONSENT_OVERVIEW_STATES);
export type ConsentOverviewState = z.infer<typeof ConsentOverviewState>;

export const ConsentOverviewEntry = z.object({
  consentId: Id,
  caseId: Id,
  caseCode: z.string(),
  organisationName: z.string(),
  direction: ConsentDirection,
  validFrom: z.string(),
  validTo: z.string(),
  withdrawnOn: z.string().nullable(),
  paperReturnedOn: z.string().nullable(),
  state: ConsentOverviewState,
  /** Days from today to the last valid day (0 on the last day; negative once it has ended). */
  daysLeft: z.number().int(),
});
export type ConsentOverviewEntry = z.infer<typeof ConsentOverviewEntry>;

const Count = z.number().int().nonnegative();
export const ConsentOverview = z.object({
  teamId: Id,
  /** The day the overview was read for (Europe/Stockholm) and the last day counted as "soon". */
  today: IsoDate,
  horizon: IsoDate,
  /** Consents on cases this reader may read, in full. */
  entries: z.array(ConsentOverviewEntry),
  /** Consents on cases this reader may not read: how many per state, never which. */
  hidden: z.object({ expiring: Count, expired: Count, withdrawn: Count, paperMissing: Count }),
});
export type ConsentOverview = z.infer<typeof ConsentOverview>;

export const ConsentOverviewInput = z.object({ teamId: Id }).strict();
export const ConsentFormPdfInput = z.object({ consentId: Id, folder: z.string().min(1).max(4096) }).strict();
export const ConsentPaperReturnedInput = z.object({ consentId: Id, date: IsoDate }).strict();
