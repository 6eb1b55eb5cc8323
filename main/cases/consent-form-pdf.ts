import { bandIsUnderEighteen } from '../../shared/cases/codes';
import type { Consent } from '../../shared/cases/model';
import { AppError } from '../../shared/ipc/errors';
import type { ReadCaps } from '../capabilities/caps';
import { MARGIN, finishPdf, heading, keepTogether, newPdf } from '../pdf/pdf-engine';
import { consentRow } from './consents';
import { detail, requireReadableCase } from './repository';

const CATEGORY_SV: Record<Consent['categories'][number], string> = {
  'economy-social': 'Ekonomi och social situation',
  health: 'Fysisk och psykisk hälsa',
  'work-history': 'Arbetslivserfarenhet',
  'labour-market': 'Arbetsmarknadssituation',
};

const DIRECTION_SV: Record<Consent['direction'], string> = {
  receive: 'får ta emot uppgifter om mig från de andra organisationerna i teamet',
  share: 'får lämna uppgifter om mig till de andra organisationerna i teamet',
  both: 'får både lämna uppgifter om mig till och ta emot uppgifter om mig från de andra organisationerna i teamet',
};

/** A labelled line to write on by hand: the label above, the line below. */
function writeLine(doc: PDFKit.PDFDocument, label: string, x: number, width: number, y: number): void {
  doc.moveTo(x, y + 28).lineTo(x + width, y + 28).lineWidth(0.7).strokeColor('#000000').stroke();
  doc.font('regular').fontSize(8).fillColor('#000000').text(label, x, y + 32, { width, lineBreak: false });
}

/** One signer's block: signature, name in print, place and date. */
function signatureBlock(doc: PDFKit.PDFDocument, title: string): void {
  keepTogether(doc, 110);
  doc.moveDown(0.8).font('bold').fontSize(11).text(title, MARGIN);
  const y = doc.y;
  const width = doc.page.width - 2 * MARGIN;
  const gap = 16;
  const column = (width - 2 * gap) / 3;
  writeLine(doc, 'Underskrift', MARGIN, column, y);
  writeLine(doc, 'Namnförtydligande', MARGIN + column + gap, column, y);
  writeLine(doc, 'Ort och datum', MARGIN + 2 * (column + gap), column, y);
  doc.x = MARGIN;
  doc.y = y + 50;
}

/**
 * The samtyckesblankett for one consent (issue 20): generated from the consent's fields — the case
 * code (never a name: the young person writes their name on the paper, Teamvalv never holds it),
 * the organisation and direction, the categories of information, the purpose and the period — with
 * lines for the young person's signature and, under 18, the guardians', each with place and date.
 * Swedish: the paper is for the young person. For readers who may read the case; a withdrawn
 * consent has no form to sign (`already_done`).
 */
export async function consentFormPdf(caps: ReadCaps, consentId: string): Promise<{ pdf: Buffer; caseCode: string; consent: Consent }> {
  const row = consentRow(caps, consentId);
  const kase = requireReadableCase(caps, row.case_id);
  if (row.withdrawn_on !== null) throw new AppError('conflict', 'The consent is withdrawn: there is no form to sign', { reason: 'already_done' });
  const full = detail(caps, kase, false);
  const consent = full.consents.find((c) => c.id === consentId);
  if (!consent) throw new AppError('not_found', 'No such consent');
  const team = (caps.db.prepare('SELECT name FROM teams WHERE id = ?').get(kase.team_id) as { name: string }).name;
  const others = (
    caps.db
      .prepare(
        `SELECT DISTINCT o.name FROM team_memberships tm JOIN members m ON m.id = tm.member_id JOIN organisations o ON o.id = m.organisation_id
         WHERE tm.team_id = ? AND tm.active_to IS NULL AND o.id <> ? ORDER BY o.name`,
      )
      .all(kase.team_id, consent.organisationId) as { name: string }[]
  ).map((r) => r.name);
  const underEighteen = bandIsUnderEighteen(kase.age_band) || consent.guardianConsent;
  const meta = {
    title: `Samtycke – ärende ${kase.code}`,
    subject: `Samtyckesblankett för ${consent.organisationName}, ${team}`,
    footer: `${team} · Teamvalv · ärende ${kase.code}`,
    pageLabel: (page: number, pages: number) => `Sida ${page} av ${pages}`,
    now: caps.clock.now(),
  };
  const doc = newPdf(meta);
  doc.font('bold').fontSize(18).text('Samtycke till att uppgifter lämnas mellan myndigheter', MARGIN, MARGIN);
  doc.font('regular').fontSize(10).moveDown(0.3).text(`Samverkansteam: ${team}. Ärendekod: ${kase.code}. Blanketten bär ingen personuppgift; ärendekoden kopplas till dig i den egna organisationens journal.`);

  heading(doc, 'Vad samtycket gäller');
  doc.text(`Jag samtycker till att ${consent.organisationName} ${DIRECTION_SV[consent.direction]}, inom teamets samverkan och bara i den omfattning som behövs för syftet nedan.`);
  if (others.length > 0) doc.moveDown(0.3).text(`De andra organisationerna i teamet: ${others.join(', ')}.`);

  heading(doc, 'Vilka uppgifter');
  for (const category of consent.categories) doc.text(`• ${CATEGORY_SV[category]}`);

  heading(doc, 'Syfte');
  doc.text(consent.purpose);

  heading(doc, 'Giltighetstid');
  doc.text(`Från och med ${consent.validFrom} till och med ${consent.validTo}.`);

  heading(doc, 'Om samtycket');
  doc.text(
    'Samtycket är frivilligt. Du kan när som helst ta tillbaka det, helt eller delvis, muntligt eller skriftligt, till någon i teamet. Från den dagen lämnas inga nya uppgifter med stöd av samtycket. Att du säger nej eller tar tillbaka samtycket påverkar inte din rätt till stöd från respektive organisation.',
  );
  if (underEighteen) doc.moveDown(0.3).text('Eftersom den unga är under 18 år krävs även vårdnadshavares samtycke. Vid gemensam vårdnad skriver båda vårdnadshavarna under.');

  heading(doc, 'Underskrifter');
  signatureBlock(doc, 'Den unga');
  if (underEighteen) {
    signatureBlock(doc, 'Vårdnadshavare');
    signatureBlock(doc, 'Vårdnadshavare (vid gemensam vårdnad)');
  }
  keepTogether(doc, 40);
  doc.moveDown(0.5).font('regular').fontSize(9).text(`Den undertecknade blanketten förvaras: ${consent.paperFiledAt}. Teamet registrerar i Teamvalv den dag blanketten kommer tillbaka.`, MARGIN);
  return { pdf: await finishPdf(doc, meta), caseCode: kase.code, consent };
}
