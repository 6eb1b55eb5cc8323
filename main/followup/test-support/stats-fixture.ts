import type { CountTable, FollowUpStats, ParticipantFigures } from '../../../shared/followup/model';

/** A table with no rows: a participant table the fixture's caller does not set. */
export const EMPTY: CountTable = { rows: [], columns: [], cells: [] };

/**
 * A period's follow-up figures for the brute-force searches over families of reports
 * (report-family.test.ts, report-sent.test.ts): fixed team-level counts (meetings, cases
 * discussed, sessions) large enough never to be small, and the participant tables given.
 */
export function statsFixture(from: string, to: string, participants: Partial<ParticipantFigures>, newCases = 0): FollowUpStats {
  return {
    teamId: '00000000-0000-4000-8000-000000000001',
    from,
    to,
    meetingsHeld: 10,
    weekly: [],
    attendance: [],
    casesDiscussed: { consent: 20, anonymous: 20 },
    newCases,
    closedCases: 0,
    outcomes: [],
    supervisionSessions: 3,
    handoversSent: [],
    handoversReceived: [],
    actions: { due: 0, doneOnTime: 0, late: 0, notDone: 0 },
    participants: { ageBands: [], active: EMPTY, started: EMPTY, exits: EMPTY, incomes: EMPTY, forsorjningsstod: { atStart: 0, atExit: 0 }, checkins: EMPTY, cameBack: EMPTY, atEnd: EMPTY, ...participants },
  };
}

/** Every world of up to `max` things over `types` kinds, as counts per kind (the brute-force searches' worlds). */
export function* worlds(types: number, max: number): Generator<number[]> {
  const counts = new Array<number>(types).fill(0);
  function* fill(i: number, left: number): Generator<number[]> {
    if (i === types) {
      yield [...counts];
      return;
    }
    for (let n = 0; n <= left; n++) {
      counts[i] = n;
      yield* fill(i + 1, left - n);
    }
    counts[i] = 0;
  }
  yield* fill(0, max);
}
