import { useCallback, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ReportTable, SentReportsView } from '../../../../shared/followup/model';
import type { ChannelOutput } from '../../../../shared/ipc/contract';
import { useInvoke } from '../../ui/use-invoke';

/**
 * The register of reports sent to the samordningsförbund (issue 20), for the team's chair: the
 * year's threshold once its first suppressed report is sent (the page locks the field to it), each
 * report sent and whether today's figures for its period differ, and the tables new reports of the
 * year hide whole to stay consistent with those sent.
 */
export function useSentReports(teamId: string, year: number | null, enabled: boolean): { view: SentReportsView | null; reload: () => void } {
  const { invoke, cancel } = useInvoke();
  const [answer, setAnswer] = useState<{ for: string; view: SentReportsView } | null>(null);
  const [round, setRound] = useState(0);
  const asked = `${teamId} ${String(year)}`;
  useEffect(() => {
    if (!enabled || !teamId || year === null) return cancel();
    void invoke('followup:sent-reports', { teamId, year }).then((r) => {
      if (r?.ok) setAnswer({ for: `${teamId} ${String(year)}`, view: r.value });
    });
  }, [invoke, cancel, teamId, year, enabled, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { view: enabled && answer?.for === asked ? answer.view : null, reload };
}

/** What the chair should know before saving a report of the period `from`–`to`, and the year's register. */
export function SentReports({ view, from, to, year }: { view: SentReportsView | null; from: string; to: string; year: number }) {
  const { t } = useTranslation();
  if (!view || view.reports.length === 0) return null;
  const tables = (list: readonly ReportTable[]): string => list.map((table) => t(`followup.sent.table.${table}`)).join(', ');
  const original = view.reports.find((report) => report.copyOf === null && report.from === from && report.to === to);
  return (
    <div data-testid="sent-reports">
      {original && (
        <p role="note" data-testid="sent-period">
          {t('followup.sent.periodSent', { date: original.sentOn })}
        </p>
      )}
      {original && original.differs.length > 0 && (
        <p role="status" className="notice" data-testid="sent-differs">
          {t('followup.sent.differs', { date: original.sentOn, tables: tables(original.differs) })}
        </p>
      )}
      {!original && view.hiddenInNewReports.length > 0 && (
        <p role="status" className="notice" data-testid="sent-hidden">
          {t('followup.sent.hiddenInNew', { year, tables: tables(view.hiddenInNewReports) })}
        </p>
      )}
      <table className="data-table" data-testid="sent-register">
        <caption>{t('followup.sent.caption', { year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('followup.sent.period')}</th>
            <th scope="col">{t('followup.sent.sentOn')}</th>
            <th scope="col">{t('followup.sent.sentBy')}</th>
            <th scope="col">{t('followup.sent.kind')}</th>
            <th scope="col">{t('followup.sent.today')}</th>
          </tr>
        </thead>
        <tbody>
          {view.reports.map((report) => (
            <tr key={report.id}>
              <th scope="row">
                {report.from} – {report.to}
              </th>
              <td>{report.sentOn}</td>
              <td>{report.sentBy}</td>
              <td>
                {t(report.copyOf ? 'followup.sent.copy' : 'followup.sent.original', { format: report.format.toUpperCase() })}
                {report.hiddenTables.length > 0 && ` ${t('followup.sent.withHidden', { tables: tables(report.hiddenTables) })}`}
              </td>
              <td>{report.copyOf ? '–' : report.differs.length > 0 ? t('followup.sent.differsShort', { tables: tables(report.differs) }) : t('followup.sent.same')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The message after a report was saved: where, its hash, and whether it is a copy of one sent or hid tables whole. */
export function exportedText(t: TFunction, value: ChannelOutput<'followup:export-csv'>): string {
  const lines = [t('followup.exported', { file: value.file, sha: value.sha256.slice(0, 16) })];
  if (value.copyOf) lines.push(t('followup.sent.exportedCopy', { date: value.copyOf.sentOn }));
  if (value.hiddenTables && value.hiddenTables.length > 0) lines.push(t('followup.sent.exportedHidden', { tables: value.hiddenTables.map((table) => t(`followup.sent.table.${table}`)).join(', ') }));
  return lines.join(' ');
}
