import type { MeetingView } from '../../shared/meetings/model';
import { stockholmDate } from '../../shared/time/zone';
import type { ReadCaps } from '../capabilities/caps';
import { ownershipLines, ownershipOf } from '../retention/ownership';
import { MARGIN, drawTable, finishPdf, heading, keepTogether, newPdf } from '../pdf/pdf-engine';
import { getMeeting } from './repository';

const ATTENDANCE_SV = { present: 'närvarande', absent: 'frånvarande', excused: 'anmält förhinder' } as const;
const KIND_SV = { case: 'Ärende', 'follow-up': 'Uppföljning', supervision: 'Till handledning', other: 'Övrigt' } as const;
const UNREADABLE_SV = {
  'not-in-team': 'inte i teamet',
  'no-consent': 'omfattas inte av samtycket',
  'consent-expired': 'samtycket har gått ut',
  'consent-withdrawn': 'samtycket är återkallat',
} as const;

/**
 * The minutes as a PDF, as this reader may read them (DESIGN.md): an item whose case the exporter
 * may not read shows only its case code and why. The finalised record (canonical JSON, hashed)
 * holds everything; the PDF is one reader's copy of it.
 */
interface Printable {
  readonly chair: string | null;
  readonly noteTaker: string | null;
  readonly people: readonly { name: string; org: string; status: string }[];
  readonly agenda: readonly {
    position: number;
    kind: keyof typeof KIND_SV;
    title: string;
    caseCode: string | null;
    readable: boolean;
    unreadableReason: keyof typeof UNREADABLE_SV | null;
    /** Emptied by an early gallring of the case: the decision that removed it. */
    gallrad?: { decisionReference: string; decisionDate: string } | null;
    committed: { notes: string; decisions: string; nextFollowUp: string | null; actions: { text: string; responsible: string | null; due: string; done: string }[] } | null;
  }[];
}

interface MinutesRecord {
  chair: string | null;
  noteTaker: string | null;
  attendance: { name: string; organisation: string; status: keyof typeof ATTENDANCE_SV }[];
  guests: { name: string; organisation: string }[];
  agenda: { position: number; kind: keyof typeof KIND_SV; title: string; caseCode: string | null; notes: string | null; decisions: string | null; nextFollowUp: string | null; actions: { text: string; responsible: string | null; due: string }[]; gallrad?: { decisionReference: string; decisionDate: string } }[];
}

/**
 * What to print. An open meeting prints as it stands; a finalised one prints from its recorded
 * minutes (the JSON whose SHA-256 was recorded) — names, texts and actions as they were when the
 * chair finalised — filtered by what this reader may read today.
 */
function printable(caps: ReadCaps, meeting: MeetingView): Printable {
  const readability = new Map(meeting.agenda.map((item) => [item.position, item]));
  if (meeting.status === 'finalised') {
    const record = JSON.parse((caps.db.prepare('SELECT minutes_json FROM meetings WHERE id = ?').get(meeting.id) as { minutes_json: string }).minutes_json) as MinutesRecord;
    return {
      chair: record.chair,
      noteTaker: record.noteTaker,
      people: [...record.attendance.map((a) => ({ name: a.name, org: a.organisation, status: ATTENDANCE_SV[a.status] })), ...record.guests.map((g) => ({ name: g.name, org: g.organisation, status: 'gäst' }))],
      agenda: record.agenda.map((item) => {
        const live = readability.get(item.position);
        const readable = live?.readable ?? false;
        return {
          position: item.position,
          kind: item.kind,
          title: item.title,
          caseCode: item.caseCode,
          readable,
          unreadableReason: live?.unreadableReason ?? (readable ? null : 'no-consent'),
          gallrad: item.gallrad ?? null,
          committed:
            readable && item.notes !== null
              ? { notes: item.notes, decisions: item.decisions ?? '', nextFollowUp: item.nextFollowUp, actions: item.actions.map((a) => ({ text: a.text, responsible: a.responsible, due: a.due, done: '' })) }
              : null,
        };
      }),
    };
  }
  return {
    chair: meeting.chair?.name ?? null,
    noteTaker: meeting.noteTaker?.name ?? null,
    people: [...meeting.attendance.map((a) => ({ name: a.name, org: a.organisationName, status: ATTENDANCE_SV[a.status] })), ...meeting.guests.map((g) => ({ name: g.name, org: g.organisationName, status: 'gäst' }))],
    agenda: meeting.agenda.map((item) => ({
      position: item.position,
      kind: item.kind,
      title: item.title,
      caseCode: item.caseCode,
      readable: item.readable,
      unreadableReason: item.unreadableReason,
      committed: item.item
        ? { notes: item.item.notes, decisions: item.item.decisions, nextFollowUp: item.item.nextFollowUp, actions: item.item.actions.map((a) => ({ text: a.text, responsible: a.responsibleName, due: a.dueDate, done: a.done ? 'ja' : '' })) }
        : null,
    })),
  };
}

const STOCKHOLM_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** An instant as Swedish wall-clock time: `2026-11-24 kl. 10:15`. */
const when = (iso: string): string => `${stockholmDate(new Date(iso))} kl. ${STOCKHOLM_TIME.format(new Date(iso))}`;

/** The minutes as a PDF. Not audited here: the caller writes its row once the file exists ('meeting.minutes-exported'). */
export async function minutesPdf(caps: ReadCaps, meetingId: string): Promise<{ pdf: Buffer; meeting: MeetingView; caseCodes: string[] }> {
  const meeting = getMeeting(caps, meetingId, { audit: false });
  const print = printable(caps, meeting);
  const organisation = (caps.db.prepare('SELECT name FROM organisations WHERE is_own = 1').get() as { name: string }).name;
  // Minutes with a justerare named are justerade when the justerare has confirmed too; without one (the chair alone), when finalised.
  const justering = meeting.justering;
  const waiting = justering !== null && justering.justerare.confirmedAt === null;
  const state = meeting.status !== 'finalised' ? 'utkast, ej justerat' : waiting ? `väntar på justering av ${justering.justerare.name}` : 'justerat';
  const meta = {
    title: `Protokoll – ${meeting.teamName}, ${meeting.date}`,
    subject: `Teammöte ${meeting.date} kl. ${meeting.time} (v. ${meeting.week})`,
    footer: `${organisation} · Teamvalv · ${meeting.status === 'finalised' ? `${state}, SHA-256 ${meeting.minutesSha256?.slice(0, 16) ?? ''}…` : state}`,
    pageLabel: (page: number, pages: number) => `Sida ${page} av ${pages}`,
    now: caps.clock.now(),
  };
  const doc = newPdf(meta);
  doc.font('bold').fontSize(18).text(meta.title, MARGIN, MARGIN);
  doc.font('regular').fontSize(10).text(`${meta.subject}. ${meeting.status !== 'finalised' ? 'Utkast – inte justerat.' : waiting ? `Väntar på justering av ${justering.justerare.name}.` : 'Justerat.'}`);
  doc.text(`Ordförande: ${print.chair ?? '–'}. Sekreterare: ${print.noteTaker ?? '–'}.`);
  // Who owns the team's records, once an admin has entered it (issue 20; not part of the justerade minutes' hash).
  const owners = ownershipLines(ownershipOf(caps, meeting.teamId));
  if (owners.length > 0) doc.text(`${owners.join('. ')}.`);
  doc.moveDown(0.2).fontSize(8).fillColor('#333333').text('Innehåller uppgifter om ärenden. Förvara utskriften så att obehöriga inte kan läsa den.').fillColor('#000000');

  heading(doc, 'Närvaro');
  drawTable(
    doc,
    [
      { header: 'Namn', width: 3, value: (row: { name: string; org: string; status: string }) => row.name },
      { header: 'Hemorganisation', width: 4, value: (row) => row.org },
      { header: 'Närvaro', width: 2, value: (row) => row.status },
    ],
    print.people,
  );

  heading(doc, 'Dagordning och ärenden');
  for (const item of print.agenda) {
    const label = item.caseCode ? `${item.position}. ${KIND_SV[item.kind]}: ${item.caseCode}` : `${item.position}. ${item.title}`;
    keepTogether(doc, 60);
    doc.font('bold').fontSize(11).text(label).font('regular').fontSize(10);
    if (item.gallrad) {
      doc.fillColor('#555555').text(`Punkten är gallrad enligt beslut ${item.gallrad.decisionReference} (${item.gallrad.decisionDate}).`).fillColor('#000000').moveDown(0.5);
      continue;
    }
    if (!item.readable) {
      doc.fillColor('#555555').text(`Innehållet visas inte: ${UNREADABLE_SV[item.unreadableReason ?? 'no-consent']}.`).fillColor('#000000').moveDown(0.5);
      continue;
    }
    const committed = item.committed;
    if (!committed) {
      doc.text(item.caseCode ? 'Inte behandlat.' : '').moveDown(0.5);
      continue;
    }
    if (committed.notes) doc.text(committed.notes);
    if (committed.decisions) doc.font('bold').text('Beslut: ', { continued: true }).font('regular').text(committed.decisions);
    if (committed.nextFollowUp) doc.text(`Nästa uppföljning: ${committed.nextFollowUp}`);
    if (committed.actions.length > 0) {
      doc.moveDown(0.3);
      drawTable(
        doc,
        [
          { header: 'Åtgärd', width: 6, value: (a: (typeof committed.actions)[number]) => a.text },
          { header: 'Ansvarig', width: 3, value: (a) => a.responsible ?? '–' },
          { header: 'Klart senast', width: 2, value: (a) => a.due },
          ...(meeting.status === 'finalised' ? [] : [{ header: 'Klar', width: 1, value: (a: (typeof committed.actions)[number]) => a.done }]),
        ],
        committed.actions,
      );
    }
    doc.moveDown(0.6);
  }
  if (meeting.addenda.length > 0) {
    heading(doc, 'Tillägg och rättelser efter justering');
    for (const addendum of meeting.addenda) {
      keepTogether(doc, 40);
      doc.font('bold').fontSize(10).text(`${addendum.createdAt.slice(0, 10)} – ${addendum.kind === 'marked-wrong' ? 'markerat som fel' : 'tillägg'} (${addendum.reason})`);
      doc.font('regular').text(addendum.text).moveDown(0.4);
    }
  }
  if (justering) {
    heading(doc, 'Justering');
    keepTogether(doc, 40);
    doc.font('regular').fontSize(10).text(`Ordförande: ${justering.chair.name}, bekräftat ${when(justering.chair.confirmedAt)}.`);
    doc.text(
      justering.justerare.confirmedAt === null
        ? `Justerare: ${justering.justerare.name} – väntar på justering av ${justering.justerare.name}.`
        : `Justerare: ${justering.justerare.name}, bekräftat ${when(justering.justerare.confirmedAt)}.`,
    );
  }
  const caseCodes = print.agenda.filter((item) => item.readable && item.caseCode).map((item) => item.caseCode ?? '');
  return { pdf: await finishPdf(doc, meta), meeting, caseCodes };
}

