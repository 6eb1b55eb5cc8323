import type { ReadCaps } from '../capabilities/caps';
import { cachedStatement } from '../vault/db/statements';

/**
 * The team's own people for a meeting, as the guard shows them ('staff', never a block): the
 * members of the meeting's team on its date (still members of the roster then), everyone on the
 * meeting's attendance list, and its guests. The same list goes to the page with the meeting and
 * is used in main's check before an item is committed.
 */
export function meetingStaffNames(caps: Pick<ReadCaps, 'db'>, meetingId: string): string[] {
  const rows = cachedStatement(
    caps.db,
    `SELECT m.display_name AS name FROM meetings mt
         JOIN team_memberships tm ON tm.team_id = mt.team_id AND tm.active_from <= mt.date AND (tm.active_to IS NULL OR tm.active_to >= mt.date)
         JOIN members m ON m.id = tm.member_id AND m.active_from <= mt.date AND (m.active_to IS NULL OR m.active_to >= mt.date)
        WHERE mt.id = ?
       UNION SELECT m.display_name FROM meeting_attendance ma JOIN members m ON m.id = ma.member_id WHERE ma.meeting_id = ?
       UNION SELECT g.name FROM meeting_guests g WHERE g.meeting_id = ?`,
  ).all(meetingId, meetingId, meetingId) as { name: string }[];
  return rows.map((row) => row.name).sort((a, b) => a.localeCompare(b, 'sv'));
}
