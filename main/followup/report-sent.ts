import type { FollowUpStats, ReportTable } from '../../shared/followup/model';
import { type ReportRow, familyReports } from './report';

/**
 * Later reports of a year respect the ones already sent (issue 20, review). A report sent to the
 * förbund is fixed: the reader holds it as it was published, whatever the vault says today. So a
 * new report of the same year is the family's suppression of today's figures
 * (`familyReports`, proven by main/followup/report-family.test.ts) only where that suppression
 * publishes, for every report already sent, exactly what was sent — from the same true counts.
 *
 * The report is made of tables ("units"), each suppressed on its own rule; the participant tables
 * are one unit, because one decision (which kön is hidden) and the relations between them
 * (participants now = before − exits + new; the new cases beside the new participants) tie them.
 * A unit is *broken* when, for some report sent, today's family would publish it differently
 * (its pattern of hidden cells changed: a tertial that was empty when T1 was sent now has a small
 * count, or no longer has one), or the true counts behind it changed since it was sent (a fact set
 * on an archived case, an exit recorded late, a case gallrad). A broken unit is hidden whole in
 * every new report: every cell and every total is "..", which adds no equation a reader could use.
 *
 * Why this holds (main/followup/report-sent.test.ts searches it by brute force): for a unit that is
 * not broken, everything published about it — the sent reports' and the new ones' — is a part of
 * what the family suppression of one world (today's) publishes, and that is proven to give nothing
 * back; for a broken unit the new reports add nothing to what was published before, which was
 * itself safe when it was sent. No relation ties one unit's counts to another's.
 */

/** A table (or a group of tables suppressed together) of the report: its sections, and the true counts behind them. */
interface ReportUnit {
  readonly id: ReportUnitId;
  readonly sections: readonly string[];
  readonly truth: (stats: FollowUpStats) => unknown;
}

/** The units are the shared model's REPORT_TABLES. */
export type ReportUnitId = ReportTable;

const UNITS: readonly ReportUnit[] = [
  {
    id: 'participants',
    sections: [
      'Ärenden',
      'Deltagare i perioden efter kön och åldersgrupp',
      'Nya deltagare efter kön och åldersgrupp',
      'Avslut efter status vid avslut och kön',
      'Avslut: försörjning vid start → vid avslut',
      'Försörjningsstöd bland avslutade',
    ],
    truth: ({ newCases, participants: p }) => ({ newCases, ageBands: p.ageBands, active: p.active, started: p.started, exits: p.exits, incomes: p.incomes, forsorjningsstod: p.forsorjningsstod }),
  },
  { id: 'checkins', sections: ['Uppföljningar efter avslut (gjorda i perioden)'], truth: (s) => s.participants.checkins },
  { id: 'discussed', sections: ['Diskuterade ärenden'], truth: (s) => s.casesDiscussed },
  { id: 'handoversSent', sections: ['Överlämningar skickade till'], truth: (s) => s.handoversSent },
  { id: 'handoversReceived', sections: ['Överlämningar mottagna från'], truth: (s) => s.handoversReceived },
  { id: 'actions', sections: ['Åtgärder med förfallodag i perioden'], truth: (s) => [s.actions.doneOnTime, s.actions.late, s.actions.notDone] },
];

/** The Swedish names of the units, as a report says which it hid whole. */
export const UNIT_NAMES_SV: Readonly<Record<ReportUnitId, string>> = {
  participants: 'Deltagare, nya deltagare, avslut och försörjning (med nya ärenden)',
  checkins: 'Uppföljningar efter avslut',
  discussed: 'Diskuterade ärenden',
  handoversSent: 'Överlämningar skickade',
  handoversReceived: 'Överlämningar mottagna',
  actions: 'Åtgärder',
};

const rowsOf = (rows: readonly ReportRow[], unit: ReportUnit): string => JSON.stringify(rows.filter(([section]) => unit.sections.includes(section)));
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A report already sent, as the register keeps it: which member of the family it is, what it published, the true counts it was made from. */
export interface SentMember {
  readonly index: number;
  readonly rows: readonly ReportRow[];
  readonly truth: FollowUpStats;
}

/** The units whose published cells or true counts, for some report sent, today's family would not reproduce. */
export function brokenUnits(family: readonly FollowUpStats[], published: readonly (readonly ReportRow[])[], sent: readonly SentMember[]): ReportUnitId[] {
  return UNITS.filter((unit) =>
    sent.some((member) => {
      const today = family[member.index];
      const now = published[member.index];
      if (!today || !now) return true;
      return rowsOf(member.rows, unit) !== rowsOf(now, unit) || !same(unit.truth(member.truth), unit.truth(today));
    }),
  ).map((unit) => unit.id);
}

/** Every cell and total of the units hidden. */
export function hideUnits(rows: readonly ReportRow[], units: readonly ReportUnitId[]): ReportRow[] {
  const sections = new Set(UNITS.filter((unit) => units.includes(unit.id)).flatMap((unit) => unit.sections));
  return rows.map(([section, category, count]): ReportRow => [section, category, sections.has(section) ? '..' : count]);
}

/**
 * The reports of a family (today's figures, `family`, in the order of yearFamily) suppressed at
 * `threshold` consistently with the ones sent: each sent member's report is what was sent; every
 * other is the family's suppression with the broken units hidden whole (`broken`).
 */
export function familyReportsAfterSent(family: readonly FollowUpStats[], threshold: number, sent: readonly SentMember[]): { reports: ReportRow[][]; broken: ReportUnitId[] } {
  return respectSent(family, familyReports(family, threshold), sent);
}

/** `familyReportsAfterSent` given the family's suppression of today's figures (`published`, from `familyReports`). */
export function respectSent(family: readonly FollowUpStats[], published: readonly (readonly ReportRow[])[], sent: readonly SentMember[]): { reports: ReportRow[][]; broken: ReportUnitId[] } {
  const broken = sent.length > 0 ? brokenUnits(family, published, sent) : [];
  const reports = published.map((rows, i) => {
    const fixed = sent.find((member) => member.index === i);
    return fixed ? [...fixed.rows] : broken.length > 0 ? hideUnits(rows, broken) : [...rows];
  });
  return { reports, broken };
}

/** Whether the true counts behind a table differ between two figures of the same period. */
export function unitTruthDiffers(id: ReportUnitId, a: FollowUpStats, b: FollowUpStats): boolean {
  const unit = UNITS.find((u) => u.id === id);
  return unit ? !same(unit.truth(a), unit.truth(b)) : false;
}
