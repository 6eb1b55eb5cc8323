import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../../shared/roster/model';
import { FolderPicker } from '../../app/FolderPicker';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import type { RosterBasics } from './use-roster';
import { type Message, MessageLine } from '../../app/MessageLine';

/** Largest file we read (the contract's limit; about 10,000 roster lines). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * CSV import — every row checked and shown before anything is written, then all or nothing — and
 * the CSV export for Swedish Excel, written by main into a folder the user picks (never a download).
 */
export function ImportExport({ basics }: { basics: RosterBasics }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { file: useId(), team: useId(), format: useId() };
  const [format, setFormat] = useState<'csv' | 'pdf'>('csv');
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const exportable = basics.teams.filter((team) => basics.manages(team.id));
  const [exportTeam, setExportTeam] = useState(basics.roles.isAdmin ? '' : (exportable[0]?.id ?? ''));
  const canImport = basics.roles.isAdmin || basics.roles.teams.some((team) => team.role === 'chair');

  const pick = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    setPreview(null);
    setMessage(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setMessage({ error: true, text: t('roster.fileTooLarge') });
    const text = await file.text();
    setCsv(text);
    setBusy(true);
    const result = await bridge.invoke('roster:import-preview', { csv: text });
    setBusy(false);
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setPreview(result.value);
    if (!result.value.headerOk) setMessage({ error: true, text: t('roster.badHeader') });
  };

  const commit = async (): Promise<void> => {
    if (!csv) return;
    setBusy(true);
    const result = await bridge.invoke('roster:import', { csv });
    setBusy(false);
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setMessage({ error: false, text: t('roster.imported', { count: result.value.created }) });
    setPreview(null);
    setCsv(null);
  };

  const exportTo = async (folder: string): Promise<void> => {
    if (format === 'pdf' && !exportTeam) return setMessage({ error: true, text: t('roster.pdfNeedsTeam') });
    setBusy(true);
    const result =
      format === 'pdf' ? await bridge.invoke('roster:team-pdf', { folder, teamId: exportTeam }) : await bridge.invoke('roster:export-csv', { folder, ...(exportTeam ? { teamId: exportTeam } : {}) });
    setBusy(false);
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setMessage({ error: false, text: t('roster.exported', { rows: result.value.rows, file: result.value.file, sha: result.value.sha256.slice(0, 16) }) });
  };

  const bad = preview?.rows.filter((row) => row.errors.length > 0) ?? [];

  return (
    <>
      <MessageLine message={message} testId="roster-files-message" />
      {canImport && (
        <section aria-labelledby="import-heading">
          <h2 id="import-heading">{t('roster.importTitle')}</h2>
          <p>{t('roster.importHelp')}</p>
          <div className="field">
            <label htmlFor={ids.file}>{t('roster.chooseFile')}</label>
            <input id={ids.file} type="file" accept=".csv,text/csv" onChange={(event) => void pick(event)} disabled={busy} />
          </div>
          {preview?.headerOk && (
            <div data-testid="import-preview">
              <p aria-live="polite">{t('roster.previewSummary', { valid: preview.valid, invalid: preview.invalid })}</p>
              {bad.length > 0 && (
                <div className="table-scroll" role="region" aria-label={t('roster.previewErrors')} tabIndex={0}>
                  <table className="checks">
                    <caption>{t('roster.previewErrors')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('roster.line')}</th>
                        <th scope="col">{t('roster.col.name')}</th>
                        <th scope="col">{t('roster.col.organisation')}</th>
                        <th scope="col">{t('roster.col.team')}</th>
                        <th scope="col">{t('roster.problems')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {bad.map((row) => (
                        <tr key={row.line}>
                          <th scope="row">{row.line}</th>
                          <td>{row.displayName}</td>
                          <td>{row.organisation}</td>
                          <td>{row.team}</td>
                          <td>{row.errors.map((code) => t(`roster.importError.${code}`)).join('; ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <button type="button" disabled={busy || preview.invalid > 0 || preview.valid === 0} onClick={() => void commit()}>
                {t('roster.importRows', { count: preview.valid })}
              </button>
              {preview.invalid > 0 && <p className="help">{t('roster.fixFirst')}</p>}
            </div>
          )}
        </section>
      )}
      {exportable.length > 0 || basics.roles.isAdmin ? (
        <section aria-labelledby="export-heading">
          <h2 id="export-heading">{t('roster.exportTitle')}</h2>
          <p className="notice">{t('roster.exportWarning')}</p>
          <div className="field">
            <label htmlFor={ids.team}>{t('roster.exportWhich')}</label>
            <select id={ids.team} value={exportTeam} onChange={(event) => setExportTeam(event.target.value)}>
              {basics.roles.isAdmin && <option value="">{t('roster.everyone')}</option>}
              {exportable.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.format}>{t('roster.format')}</label>
            <select id={ids.format} value={format} onChange={(event) => setFormat(event.target.value as 'csv' | 'pdf')}>
              <option value="csv">{t('roster.formatCsv')}</option>
              <option value="pdf">{t('roster.formatPdf')}</option>
            </select>
          </div>
          <FolderPicker busy={busy} kind="roster" onPick={(folder) => void exportTo(folder)} />
        </section>
      ) : (
        !canImport && <p>{t('roster.filesNotForYou')}</p>
      )}
    </>
  );
}
