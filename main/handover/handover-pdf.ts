import type { HandoverContent, PacketManifest, ReceiptContent } from '../../shared/handover/packet-model';
import { MARGIN, drawTable, finishPdf, heading, newPdf } from '../pdf/pdf-engine';

/**
 * The handover as a PDF for the receiver's file (the same content as `handover.json`), by the one
 * main-process PDF engine. Swedish: the receiver is a Swedish home organisation.
 */
export async function handoverPdf(content: HandoverContent, manifest: Pick<PacketManifest, 'packetId' | 'sender' | 'recipient'>, now: Date): Promise<Buffer> {
  const meta = {
    title: `Överlämning – ${content.caseCode}, ${content.date}`,
    subject: `Från ${content.from.organisation} till ${content.to.organisation}`,
    footer: `${manifest.sender.organisation} · Teamvalv · paket ${manifest.packetId.slice(0, 8)}`,
    pageLabel: (page: number, pages: number) => `Sida ${page} av ${pages}`,
    now,
  };
  const doc = newPdf(meta);
  doc.font('bold').fontSize(18).text(meta.title, MARGIN, MARGIN);
  doc.font('regular').fontSize(10).text(`Överlämningsmöte ${content.date}. Ärende ${content.caseCode}, åldersgrupp ${content.ageBand}.`);
  doc.text(`Från: ${content.from.organisation} (${content.from.function}). Till: ${content.to.organisation} (${content.to.function}).`);
  doc.moveDown(0.2).fontSize(8).fillColor('#333333').text('Sekretessbelagda uppgifter. Förvara så att obehöriga inte kan läsa dem.').fillColor('#000000');

  heading(doc, 'Deltagare');
  drawTable(
    doc,
    [
      { header: 'Namn', width: 3, value: (row: { name: string; organisation: string }) => row.name },
      { header: 'Organisation', width: 4, value: (row) => row.organisation },
    ],
    content.participants,
  );
  heading(doc, 'Skäl till överlämningen');
  doc.text(content.reason || '–');
  heading(doc, 'Samtycke');
  doc.text(content.consent.reference ? `${content.consent.reference}${content.consent.validTo ? `, giltigt till ${content.consent.validTo}` : ''}.` : 'Inget samtycke som omfattar mottagaren.');
  if (content.consent.override) doc.text(`Överlämnas ändå, med motivering: ${content.consent.override}`);
  heading(doc, 'Den unges mål');
  doc.text(content.goals || '–');
  heading(doc, 'Överenskomna insatser');
  drawTable(
    doc,
    [
      { header: 'Insats', width: 5, value: (row: { text: string; responsible: string }) => row.text },
      { header: 'Ansvarig', width: 3, value: (row) => row.responsible },
    ],
    content.insatser,
  );
  heading(doc, 'Ny ärendebärare och uppföljning');
  doc.text(`Ny ärendebärare: ${content.newCaseOwner}.`);
  doc.text(content.followUpDate ? `Uppföljning: ${content.followUpDate}.` : 'Ingen uppföljning bestämd.');
  if (content.earlierMinutes.length > 0) {
    heading(doc, 'Tidigare protokollsutdrag');
    for (const minutes of content.earlierMinutes) {
      doc.font('bold').text(`Teammöte ${minutes.meetingDate}`).font('regular');
      if (minutes.notes) doc.text(minutes.notes);
      if (minutes.decisions) doc.text(`Beslut: ${minutes.decisions}`);
      for (const action of minutes.actions) doc.text(`• ${action}`);
      doc.moveDown(0.5);
    }
  }
  return finishPdf(doc, meta);
}

/** A receipt as a PDF (the same content as `receipt.json`), for the sender's file and for partners without Teamvalv. */
export async function receiptPdf(content: ReceiptContent, manifest: Pick<PacketManifest, 'packetId' | 'sender'>, now: Date): Promise<Buffer> {
  const takenOver = content.outcome === 'taken-over';
  const meta = {
    title: `Kvitto på överlämning – ${content.answers.caseCode}`,
    subject: `Från ${content.from.organisation} till ${content.to.organisation}`,
    footer: `${manifest.sender.organisation} · Teamvalv · kvitto ${manifest.packetId.slice(0, 8)}`,
    pageLabel: (page: number, pages: number) => `Sida ${page} av ${pages}`,
    now,
  };
  const doc = newPdf(meta);
  doc.font('bold').fontSize(18).text(meta.title, MARGIN, MARGIN);
  doc.font('regular').fontSize(10).text(`Från: ${content.from.organisation} (${content.from.function}). Till: ${content.to.organisation} (${content.to.function}).`);
  doc.moveDown(0.2).fontSize(8).fillColor('#333333').text('Sekretessbelagda uppgifter. Förvara så att obehöriga inte kan läsa dem.').fillColor('#000000');
  heading(doc, takenOver ? 'Mottaget och övertaget' : 'Mottaget, ej övertaget');
  doc.font('regular').fontSize(10).text(`Paketet ${content.answers.packetId} (SHA-256 ${content.answers.sha256}) togs emot ${content.receivedOn}.`);
  doc.text(`Besvarat ${content.answeredAt}.`);
  if (content.reason) doc.text(`Skäl: ${content.reason}`);
  return finishPdf(doc, meta);
}
