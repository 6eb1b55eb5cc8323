import {
  type ColumnDef,
  type SortingState,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../shared/ipc/contract';
import { formatIsoDate } from '../../../shared/time/iso-week';
import { errorMessage } from '../errors/messages';
import { localDateTime } from '../format/time';
import { auditDetail, auditSentence } from './audit-sentence';
import { FolderPicker } from '../app/FolderPicker';
import { Field } from '../ui/Field';
import { useInvoke } from '../ui/use-invoke';
import { type Message, MessageLine } from '../app/MessageLine';

function today(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return formatIsoDate({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
}

/**
 * Admin only: the audit log as a sortable, filterable table; chain verification; log follow-up
 * samples. Sorting and filtering work on the rows on screen; the rows themselves, the sample and
 * the actions each come through their own useInvoke, so an answer overtaken by a later call
 * (a reload after an action, a sample for another period) is never shown.
 */
export function AuditLog() {
  const { t } = useTranslation();
  const list = useInvoke();
  const samples = useInvoke();
  const actions = useInvoke();
  const exporter = useInvoke();
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'seq', desc: true }]);
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [period, setPeriod] = useState({ from: today(-30), to: today() });
  const [sample, setSample] = useState<AuditRow[]>([]);
  const [exporting, setExporting] = useState(false);

  const { invoke: invokeList } = list;
  const load = useCallback(async () => {
    const result = await invokeList('audit:list', { limit: 1000 });
    if (!result) return;
    if (result.ok) setRows(result.value);
    else setMessage({ error: true, text: errorMessage(t, result.error) });
  }, [invokeList, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns = useMemo<ColumnDef<AuditRow>[]>(
    () => [
      // Sorted by the chain's order, which is the order in time; shown as one line of ISO date and time.
      { id: 'seq', accessorFn: (row) => row.seq, header: t('audit.time'), cell: (info) => <span className="audit-time">{localDateTime(info.row.original.at, true)}</span> },
      {
        id: 'event',
        // The filter searches the sentence and the raw fields the disclosure shows.
        accessorFn: (row) => [auditSentence(t, row), row.action, row.username, row.organisationName, row.caseCode, row.detail].filter(Boolean).join(' '),
        header: t('audit.event'),
        enableSorting: false,
        cell: (info) => <AuditEvent row={info.row.original} />,
      },
      {
        id: 'reviewedAt',
        accessorFn: (row) => row.reviewedAt ?? '',
        header: t('audit.reviewed'),
        cell: (info) => (info.row.original.reviewedAt ? <span className="audit-time">{localDateTime(info.row.original.reviewedAt, true)}</span> : ''),
      },
    ],
    [t],
  );

  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });

  const verify = async (): Promise<void> => {
    const result = await actions.invoke('audit:verify', {});
    if (!result) return;
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    const v = result.value;
    setMessage(v.ok ? { error: false, text: t('audit.verifyOk', { seq: v.headSeq }) } : { error: true, text: t('audit.verifyBroken', { seq: v.firstBrokenSeq, reason: v.reason }) });
    await load();
  };

  const exportCsv = async (folder: string): Promise<void> => {
    const result = await exporter.invoke('audit:export-csv', { folder });
    if (!result) return;
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setExporting(false);
    setMessage({ error: false, text: t('audit.exported', { rows: result.value.rows, file: result.value.file, sha: result.value.sha256.slice(0, 16) }) });
    await load();
  };

  const takeSample = async (): Promise<void> => {
    const result = await samples.invoke('audit:sample', { ...period, size: 10 });
    if (!result) return;
    if (result.ok) setSample(result.value);
    else setMessage({ error: true, text: errorMessage(t, result.error) });
  };

  /** Another period: a sample on screen or on its way is of the old one, so it goes. */
  const changePeriod = (next: { from: string; to: string }): void => {
    samples.cancel();
    setSample([]);
    setPeriod(next);
  };

  const markReviewed = async (): Promise<void> => {
    const result = await actions.invoke('audit:mark-reviewed', { seqs: sample.map((row) => row.seq) });
    if (!result) return;
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setMessage({ error: false, text: t('audit.marked', { count: result.value.marked }) });
    setSample([]);
    await load();
  };

  return (
    <>
      <p>{t('audit.intro')}</p>
      <div className="toolbar">
        <button type="button" onClick={() => void verify()}>
          {t('audit.verify')}
        </button>{' '}
        <button type="button" onClick={() => setExporting(!exporting)} aria-expanded={exporting}>
          {t('audit.exportTitle')}
        </button>
      </div>
      {exporting && (
        <section aria-labelledby="export-heading" className="notice">
          <h2 id="export-heading">{t('audit.exportTitle')}</h2>
          <p>{t('audit.exportWarning')}</p>
          <FolderPicker busy={exporter.busy} kind="audit" onPick={(folder) => void exportCsv(folder)} />
        </section>
      )}
      <MessageLine message={message} testId="audit-message" />
      <Field label={t('audit.filter')} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
      <p className="help" aria-live="polite">
        {t('audit.rows', { count: table.getRowModel().rows.length })}
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('audit.title')}>
        <table className="checks audit-table" data-testid="audit-table">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                      {header.column.getCanSort() ? (
                        <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          {sorted ? ` (${t(sorted === 'asc' ? 'audit.sortAsc' : 'audit.sortDesc')})` : ''}
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="sample-heading">
        <h2 id="sample-heading">{t('audit.sample')}</h2>
        <div className="form inline-form">
          <Field label={t('audit.from')} type="date" value={period.from} onChange={(e) => changePeriod({ ...period, from: e.target.value })} />
          <Field label={t('audit.to')} type="date" value={period.to} onChange={(e) => changePeriod({ ...period, to: e.target.value })} />
          <button type="button" onClick={() => void takeSample()}>
            {t('audit.sample')}
          </button>
        </div>
        {sample.length > 0 && (
          <>
            <ul data-testid="audit-sample">
              {sample.map((row) => (
                <li key={row.seq}>
                  <span className="audit-time">{localDateTime(row.at, true)}</span> {auditSentence(t, row)}
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => void markReviewed()}>
              {t('audit.markReviewed')}
            </button>
          </>
        )}
      </section>
    </>
  );
}

/** One row's event: its sentence, and the raw fields behind it in a disclosure. */
function AuditEvent({ row }: { row: AuditRow }) {
  const { t } = useTranslation();
  const fields = Object.entries(auditDetail(row));
  return (
    <>
      <span className="audit-sentence">{auditSentence(t, row)}</span>
      <details className="audit-details">
        <summary>
          {t('audit.details')}
          <span className="visually-hidden"> {t('audit.detailsFor', { seq: row.seq })}</span>
        </summary>
        <dl>
          <dt>#</dt>
          <dd>{row.seq}</dd>
          <dt>{t('audit.code')}</dt>
          <dd>
            <code>{row.action}</code>
          </dd>
          <dt>{t('audit.user')}</dt>
          <dd>{row.username ?? '–'}</dd>
          <dt>{t('audit.organisation')}</dt>
          <dd>{row.organisationName ?? '–'}</dd>
          {row.caseCode && (
            <>
              <dt>{t('audit.case')}</dt>
              <dd>{row.caseCode}</dd>
            </>
          )}
          {fields.map(([key, value]) => (
            <Fragment key={key}>
              <dt>
                <code>{key}</code>
              </dt>
              <dd>
                <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
              </dd>
            </Fragment>
          ))}
        </dl>
      </details>
    </>
  );
}
