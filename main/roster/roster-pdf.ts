import { AppError } from '../../shared/ipc/errors';
import { PROFESSION_SV, ROLE_SV } from '../../shared/roster/labels';
import { isoWeek, parseIsoDate } from '../../shared/time/iso-week';
import { MARGIN, drawTable, finishPdf, newPdf } from '../pdf/pdf-engine';
import type { ReadCaps } from '../capabilities/caps';
import { mayManageTeam } from './access';
import { listMembers } from './repository';

const WEEKDAY_SV = ['', 'måndagar', 'tisdagar', 'onsdagar', 'torsdagar', 'fredagar', 'lördagar', 'söndagar'];
const ROLE_ORDER = { chair: 0, 'note-taker': 1, member: 2 } as const;

/**
 * A team's current roster as a PDF (Swedish, as the team uses it): who sits around the table, in
 * which role, and how to reach them. The same rule as the CSV export: an admin, or the team's chair.
 */
export async function teamRosterPdf(caps: ReadCaps, teamId: string): Promise<{ pdf: Buffer; rows: number; teamName: string }> {
  const team = caps.db.prepare('SELECT name, meeting_weekday, meeting_time, meeting_room FROM teams WHERE id = ?').get(teamId) as
    | { name: string; meeting_weekday: number | null; meeting_time: string | null; meeting_room: string }
    | undefined;
  if (!team) throw new AppError('not_found', 'No such team');
  if (!mayManageTeam(caps.access, teamId)) throw new AppError('forbidden', "Only an admin or the team's chair may export the roster", { reason: 'not_team_chair' });
  const organisation = (caps.db.prepare('SELECT name FROM organisations WHERE is_own = 1').get() as { name: string }).name;
  const date = caps.access.date;
  const week = isoWeek(parseIsoDate(date) ?? { year: 1970, month: 1, day: 1 });
  const rows = listMembers(caps, { teamId })
    .map((member) => ({ member, place: member.memberships.find((place) => place.teamId === teamId && (place.activeTo === null || place.activeTo >= date)) }))
    .filter((row) => row.place)
    .sort((a, b) => ROLE_ORDER[a.place?.role ?? 'member'] - ROLE_ORDER[b.place?.role ?? 'member'] || a.member.displayName.localeCompare(b.member.displayName, 'sv'));

  const meta = {
    title: `Teamlista – ${team.name}`,
    subject: `Medlemmar i ${team.name}, ${date}`,
    footer: `${organisation} · Teamvalv · utskriven ${date} (v. ${week.week})`,
    pageLabel: (page: number, pages: number) => `Sida ${page} av ${pages}`,
    now: caps.clock.now(),
    layout: 'landscape' as const,
  };
  const doc = newPdf(meta);
  doc.font('bold').fontSize(18).text(meta.title, MARGIN, MARGIN);
  const meeting = [team.meeting_weekday ? `Möten ${WEEKDAY_SV[team.meeting_weekday]}${team.meeting_time ? ` kl. ${team.meeting_time}` : ''}` : '', team.meeting_room ? `i ${team.meeting_room}` : '']
    .filter(Boolean)
    .join(' ');
  doc.font('regular').fontSize(10).text([meeting, `Aktuella medlemmar ${date} (vecka ${week.week}): ${rows.length}`].filter(Boolean).join('. '));
  doc.moveDown(0.2).fontSize(8).fillColor('#333333').text('Innehåller kontaktuppgifter till personal. Förvara utskriften så att obehöriga inte kan läsa den.');
  doc.fillColor('#000000').moveDown(0.8);
  drawTable(
    doc,
    [
      { header: 'Namn', width: 2.8, value: (row) => row.member.displayName },
      { header: 'Roll', width: 1.7, value: (row) => ROLE_SV[row.place?.role ?? 'member'] },
      { header: 'Yrke', width: 3, value: (row) => (row.member.profession === 'other' ? row.member.professionOther : PROFESSION_SV[row.member.profession]) },
      { header: 'Hemorganisation', width: 3.9, value: (row) => row.member.organisationName },
      { header: 'Telefon', width: 2.2, value: (row) => row.member.phone },
      { header: 'E-post', width: 3.3, value: (row) => row.member.email },
    ],
    rows,
  );
  return { pdf: await finishPdf(doc, meta), rows: rows.length, teamName: team.name };
}
