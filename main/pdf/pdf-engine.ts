import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * The one PDF engine (DESIGN.md "Files people open elsewhere"): pdfkit in main, the same in both
 * hosts, DejaVu Sans embedded (subset) so å, ä, ö and every name print as written, A4, and the
 * PDF/A-2b flavour pdfkit writes (XMP metadata, embedded fonts, an sRGB output intent) — not
 * validated here (no veraPDF on this machine), so we claim only that pdfkit was asked for it.
 * PDF bytes are not reproducible (creation dates, ids): the record of what was exported is the
 * file's SHA-256, in the audit log.
 */

/**
 * Where an embedded font's file is. Resolved from this file when a PDF is made, never at load, as
 * `databaseBindingPath()` (main/vault/backup-thread.ts): Electron's main is a CommonJS bundle, where
 * `import.meta` is empty, and it carries the engine (its demo vault writes a handover packet), so
 * resolving at load would stop it before any window.
 */
export function fontPath(file: 'DejaVuSans.ttf' | 'DejaVuSans-Bold.ttf'): string {
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${file}`);
}

export const MARGIN = 50;

export interface PdfMeta {
  readonly title: string;
  readonly subject: string;
  /** The footer's left text, e.g. the organisation and the export date. */
  readonly footer: string;
  /** "Sida {page} av {pages}" in the document's language. */
  readonly pageLabel: (page: number, pages: number) => string;
  readonly now: Date;
  /** Wide tables (a roster's six columns) read better across the page. */
  readonly layout?: 'portrait' | 'landscape';
}

export type Pdf = PDFKit.PDFDocument;

export function newPdf(meta: PdfMeta): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    layout: meta.layout ?? 'portrait',
    margin: MARGIN,
    bufferPages: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: 'sv-SE',
    displayTitle: true,
    info: { Title: meta.title, Subject: meta.subject, Creator: 'Teamvalv', Producer: 'Teamvalv (pdfkit)', CreationDate: meta.now },
  });
  doc.registerFont('regular', fontPath('DejaVuSans.ttf'));
  doc.registerFont('bold', fontPath('DejaVuSans-Bold.ttf'));
  doc.font('regular');
  return doc;
}

/** Page numbers and the footer on every page, then the finished bytes. */
export async function finishPdf(doc: Pdf, meta: PdfMeta): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 15;
    const width = doc.page.width - 2 * MARGIN;
    // Writing below the bottom margin would start a new page: lift the margin while we write.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#333333');
    doc.text(meta.footer, MARGIN, y, { width, align: 'left', lineBreak: false });
    doc.text(meta.pageLabel(i - range.start + 1, range.count), MARGIN, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

export interface PdfColumn<Row> {
  readonly header: string;
  /** Share of the page width (the shares need not add up to 1; they are normalised). */
  readonly width: number;
  readonly value: (row: Row) => string;
}

/** A simple table that repeats its header on every page and never splits a row across pages. */
export function drawTable<Row>(doc: Pdf, columns: readonly PdfColumn<Row>[], rows: readonly Row[]): void {
  const total = columns.reduce((sum, column) => sum + column.width, 0);
  const usable = doc.page.width - 2 * MARGIN;
  const widths = columns.map((column) => (column.width / total) * usable);
  const padding = 3;
  const rowHeight = (cells: readonly string[], font: string): number => {
    doc.font(font).fontSize(9);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: (widths[i] ?? 0) - 2 * padding }))) + 2 * padding;
  };
  const drawRow = (cells: readonly string[], font: string, shade: boolean): void => {
    const height = rowHeight(cells, font);
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y, usable, height).fill('#e8eef5');
    doc.fillColor('#000000').font(font).fontSize(9);
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.text(cell, x + padding, y + padding, { width: (widths[i] ?? 0) - 2 * padding });
      x += widths[i] ?? 0;
    });
    doc.moveTo(MARGIN, y + height).lineTo(MARGIN + usable, y + height).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const headers = columns.map((column) => column.header);
  drawRow(headers, 'bold', true);
  for (const row of rows) {
    const cells = columns.map((column) => column.value(row));
    if (doc.y + rowHeight(cells, 'regular') > doc.page.height - MARGIN - 20) {
      doc.addPage();
      drawRow(headers, 'bold', true);
    }
    drawRow(cells, 'regular', false);
  }
}

/** A section heading, never left alone at the foot of a page. */
export function heading(doc: Pdf, text: string): void {
  keepTogether(doc, 80);
  doc.moveDown(0.8).font('bold').fontSize(13).text(text, MARGIN).font('regular').fontSize(10).moveDown(0.3);
}

/** Starts a new page when less than `height` points are left, so a heading is never orphaned. */
export function keepTogether(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
}
