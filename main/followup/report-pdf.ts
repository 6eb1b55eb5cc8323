import type { FollowUpStats } from '../../shared/followup/model';
import { MARGIN, drawTable, finishPdf, newPdf } from '../pdf/pdf-engine';
import type { ReportRow } from './report';

/**
 * The follow-up report as a PDF for the samordningsförbund: the same rows as the CSV (and the same
 * suppression), by the one main-process PDF engine. Counts only.
 */
export async function followUpPdf(input: { team: string; organisation: string; stats: FollowUpStats; rows: readonly ReportRow[]; note: string; now: Date }): Promise<Buffer> {
  const meta = {
    title: `Uppföljning – ${input.team}, ${input.stats.from} – ${input.stats.to}`,
    subject: 'Uppföljning till samordningsförbundet',
    footer: `${input.organisation} · Teamvalv`,
    pageLabel: (page: number, pages: number) => `Sida ${page} av ${pages}`,
    now: input.now,
  };
  const doc = newPdf(meta);
  doc.font('bold').fontSize(18).text(meta.title, MARGIN, MARGIN);
  doc.font('regular').fontSize(10).text(`Perioden räknas i svensk tid. Inga namn eller ärendekoder. ${input.note}`);
  doc.moveDown(0.5);
  drawTable(
    doc,
    [
      { header: 'Avsnitt', width: 4, value: (row: ReportRow) => row[0] },
      { header: 'Kategori', width: 4, value: (row) => row[1] },
      { header: 'Antal', width: 1, value: (row) => String(row[2]) },
    ],
    input.rows,
  );
  return finishPdf(doc, meta);
}
