import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps } from '../capabilities/caps';
import { MARGIN, finishPdf, newPdf } from '../pdf/pdf-engine';
import { mayEditTeamRecords } from '../roster/access';
import { requireReadableCase } from './repository';

/** The owning organisation's instruction, word for word on every slip (README "Hur ett ärendes kod kopplas till en person"). */
export const CODE_SLIP_INSTRUCTION =
  'Anteckna koden i er egen journal/akt. Teamvalv innehåller inga namn eller personnummer och kan inte koppla koden till en person.';

/** The warning at the foot of the slip: the slip and the team's papers together would be the key. */
export const CODE_SLIP_WARNING =
  'Förvara inte kodlappen tillsammans med teamets papper (protokoll, dagordningar, anteckningar). Lappen hör hemma i er egen journal/akt, eller förstörs när koden är antecknad där.';

/** A line to fill in by hand: the label, then the line to its right. */
function fillLine(doc: PDFKit.PDFDocument, label: string): void {
  const width = doc.page.width - 2 * MARGIN;
  const y = doc.y + 14;
  doc.font('regular').fontSize(11).fillColor('#000000').text(label, MARGIN, y, { width, lineBreak: false });
  const start = MARGIN + doc.widthOfString(label) + 8;
  doc.moveTo(start, y + 12).lineTo(MARGIN + width, y + 12).lineWidth(0.7).strokeColor('#000000').stroke();
  doc.x = MARGIN;
  doc.y = y + 24;
}

/**
 * The code slip ("kodlapp", issue 20) for one case: how the owning organisation links a Teamvalv
 * case code to a person without Teamvalv ever holding the key. The case code large, the team, the
 * date printed, the organisation's instruction, lines to fill in by hand in the organisation's own
 * journal context, and a warning not to keep the slip with the team's papers. Nothing on it names
 * the young person: the name is written only where the organisation's journal already holds it.
 *
 * For the team's editors (chair, note-taker) who may read the case: read access is checked first,
 * so a reader without access learns nothing, not even whether they could have printed it.
 */
export async function codeSlipPdf(caps: ReadCaps, caseId: string): Promise<{ pdf: Buffer; caseCode: string }> {
  const kase = requireReadableCase(caps, caseId);
  if (!mayEditTeamRecords(caps.access, kase.team_id)) throw new AppError('forbidden', "Only the team's chair or note-taker prints a case's code slip", { reason: 'not_team_editor' });
  const team = (caps.db.prepare('SELECT name FROM teams WHERE id = ?').get(kase.team_id) as { name: string }).name;
  const organisation = (
    caps.db.prepare('SELECT name FROM organisations WHERE id = ?').get(kase.owner_organisation_id ?? kase.raised_by_organisation_id) as { name: string }
  ).name;
  const printed = caps.access.date;
  const meta = {
    title: `Kodlapp – ärende ${kase.code}`,
    subject: `Kodlapp för ${organisation}, ${team}`,
    footer: `${team} · Teamvalv · kodlapp utskriven ${printed}`,
    pageLabel: (page: number, pages: number) => `Sida ${page} av ${pages}`,
    now: caps.clock.now(),
  };
  const doc = newPdf(meta);
  const width = doc.page.width - 2 * MARGIN;
  doc.font('bold').fontSize(16).text('Kodlapp', MARGIN, MARGIN);
  doc.font('regular').fontSize(10).moveDown(0.2).text('Ärendekod i Teamvalv');
  doc.font('bold').fontSize(44).moveDown(0.2).text(kase.code, MARGIN, doc.y, { width, characterSpacing: 2 });
  doc.font('regular').fontSize(11).moveDown(0.4);
  doc.text(`Samverkansteam: ${team}`);
  doc.text(`Organisation: ${organisation}`);
  doc.text(`Utskriven: ${printed}`);

  doc.moveDown(1).font('bold').fontSize(13).text('Till er organisation', MARGIN);
  doc.font('regular').fontSize(11).moveDown(0.3).text(CODE_SLIP_INSTRUCTION, { width });
  doc.moveDown(0.3).text('Koden är den enda kopplingen mellan teamets anteckningar och personen. Nyckeln finns bara hos er, i er egen journal eller akt.', { width });

  doc.moveDown(1).font('bold').fontSize(13).text('Fylls i för hand i er egen verksamhet', MARGIN);
  fillLine(doc, 'Journal-/aktnummer i er verksamhet:');
  fillLine(doc, 'Antecknad av / datum:');
  fillLine(doc, 'Ansvarig handläggare i er verksamhet:');

  doc.moveDown(1.2);
  const y = doc.y;
  doc.font('bold').fontSize(11);
  const warningHeight = doc.heightOfString(`Varning: ${CODE_SLIP_WARNING}`, { width: width - 20 }) + 20;
  doc.rect(MARGIN, y, width, warningHeight).lineWidth(1.5).strokeColor('#000000').stroke();
  doc.text(`Varning: ${CODE_SLIP_WARNING}`, MARGIN + 10, y + 10, { width: width - 20 });
  doc.x = MARGIN;
  doc.y = y + warningHeight;
  return { pdf: await finishPdf(doc, meta), caseCode: kase.code };
}
