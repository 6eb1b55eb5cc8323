import { useTranslation } from 'react-i18next';
import { type CountTable, OLDER_BANDS, OTHER_MONTHS, type ParticipantFigures } from '../../../../shared/followup/model';

/**
 * The participant figures for the förbund (issue 20) as tables with row and column totals: by kön
 * and age band (the configured bands, then one column for every older band, always there), exits by status at exit
 * and kön, income at start × at exit, försörjningsstöd at start and at exit, and the check-ins.
 * The team's own view: every count shown (the report that leaves the team hides small ones).
 */
export function ParticipantTables({ figures }: { figures: ParticipantFigures }) {
  const { t } = useTranslation();
  const gender = (code: string): string => (code === 'ej-registrerat' ? t('followup.participants.notRecorded') : t(`facts.genders.${code}`));
  const band = (code: string): string => (code === OLDER_BANDS ? t('followup.participants.olderBands') : t('followup.participants.band', { band: code.replace('-', '–') }));
  const income = (code: string): string => (code === 'ej-registrerat' ? t('followup.participants.notRecorded') : t(`facts.incomes.${code}`));
  const status = (code: string): string => (code === 'ej-nadd' ? t('followup.participants.notReached') : t(`followup.outcome.${code}`));
  const months = (code: string): string => (code === OTHER_MONTHS ? t('followup.participants.otherMonths') : t('followup.participants.monthsLabel', { months: code }));
  return (
    <section aria-labelledby="participants-heading" data-testid="participants">
      <h2 id="participants-heading">{t('followup.participants.title')}</h2>
      <p className="help">{t('followup.participants.help')}</p>
      <CrossTable caption={t('followup.participants.active')} corner={t('followup.participants.gender')} table={figures.active} rowLabel={gender} columnLabel={band} testId="participants-active" />
      <CrossTable caption={t('followup.participants.started')} corner={t('followup.participants.gender')} table={figures.started} rowLabel={gender} columnLabel={band} testId="participants-started" />
      <CrossTable caption={t('followup.participants.exits')} corner={t('followup.participants.status')} table={figures.exits} rowLabel={(code) => t(`followup.outcome.${code}`)} columnLabel={gender} testId="participants-exits" />
      <CrossTable caption={t('followup.participants.incomes')} corner={t('followup.participants.start')} table={figures.incomes} rowLabel={income} columnLabel={income} testId="participants-incomes" />
      <p data-testid="participants-forsorjningsstod">{t('followup.participants.forsorjningsstod', figures.forsorjningsstod)}</p>
      <CrossTable caption={t('followup.participants.checkins')} corner={t('followup.participants.months')} table={figures.checkins} rowLabel={months} columnLabel={status} testId="participants-checkins" />
    </section>
  );
}

/** A cross table with each row's total, each column's total and the grand total; headers scoped for screen readers. */
function CrossTable({ caption, corner, table, rowLabel, columnLabel, testId }: { caption: string; corner: string; table: CountTable; rowLabel: (code: string) => string; columnLabel: (code: string) => string; testId: string }) {
  const { t } = useTranslation();
  const rowTotal = (r: number): number => (table.cells[r] ?? []).reduce((a, b) => a + b, 0);
  const columnTotal = (c: number): number => table.cells.reduce((sum, row) => sum + (row[c] ?? 0), 0);
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{corner}</th>
            {table.columns.map((column) => (
              <th scope="col" key={column}>
                {columnLabel(column)}
              </th>
            ))}
            <th scope="col">{t('followup.total')}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={row}>
              <th scope="row">{rowLabel(row)}</th>
              {table.columns.map((column, c) => (
                <td key={column}>{table.cells[r]?.[c] ?? 0}</td>
              ))}
              <td>{rowTotal(r)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('followup.total')}</th>
            {table.columns.map((column, c) => (
              <td key={column}>{columnTotal(c)}</td>
            ))}
            <td>{table.rows.reduce((sum, _, r) => sum + rowTotal(r), 0)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
