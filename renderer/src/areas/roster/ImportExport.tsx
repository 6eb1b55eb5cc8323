import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../../shared/roster/model';
import { FolderPicker } from '../../app/FolderPicker';
import { errorMessage } from '../../errors/messages';
import { SelectField } from '../../ui/SelectField';
import { type Message, Toast } from '../../ui/Toast';
import { useInvoke } from '../../ui/use-invoke';
import type { RosterBasics } from './use-roster';

/** Largest file we read (the contract's limit; about 10,000 roster lines). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * CSV import — every row checked and shown before anything is written, then all or nothing — and
 * the CSV export for Swedish Excel, written by main into a folder the user picks (never a download).
 */
export function ImportExport({ basics }: { basics: RosterBasics }) {
  const { t } = useTranslation();
  const fileId = useId();
  // Two lines of calls: the import (a file chosen again replaces the last one's preview) and the export.
  const importing = useInvoke();
  const exporting = useInvoke();
  const busy = importing.busy || exporting.busy;
  const [format, setFormat] = useState<'csv' | 'pdf'>('csv');
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // Each shown beside its own action.
  const [importMessage, setImportMessage] = useState<Message>(null);
  const [exportMessage, setExportMessage] = useState<Message>(null);
  const exportable = basics.teams.filter((team) => basics.manages(team.id));
  const [exportTeam, setExportTeam] = useState(basics.roles.isAdmin ? '' : (exportable[0]?.id ?? ''));
  const canImport = basics.roles.isAdmin || basics.roles.teams.some((team) => team.role === 'chair');

  const pick = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    setPreview(null);
    setCsv(null);
    setImportMessage(null);
    // A file chosen earlier whose preview is still on its way is no longer the one to show.
    importing.cancel();
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setImportMessage({ error: true, text: t('roster.fileTooLarge') });
    const text = await file.text();
    const result = await importing.invoke('roster:import-preview', { csv: text });
    if (!result) return;
    if (!result.ok) return setImportMessage({ error: true, text: errorMessage(t, result.error) });
    setCsv(text);
    setPreview(result.value);
    if (!result.value.headerOk) setImportMessage({ error: true, text: t('roster.badHeader') });
  };

  const commit = async (): Promise<void> => {
    if (!csv) return;
    const result = await importing.invoke('roster:import', { csv });
    if (!result) return;
    if (!result.ok) return setImportMessage({ error: true, text: errorMessage(t, result.error) });
    setImportMessage({ error: false, text: t('roster.imported', { count: result.value.created }) });
    setPreview(null);
    setCsv(null);
  };

  const exportTo = async (folder: string): Promise<void> => {
    if (format === 'pdf' && !exportTeam) return setExportMessage({ error: true, text: t('roster.pdfNeedsTeam') });
    setExportMessage(null);
    const result =
      format === 'pdf' ? await exporting.invoke('roster:team-pdf', { folder, teamId: exportTeam }) : await exporting.invoke('roster:export-csv', { folder, ...(exportTeam ? { teamId: exportTeam } : {}) });
    if (!result) return;
    if (!result.ok) return setExportMessage({ error: true, text: errorMessage(t, result.error) });
    setExportMessage({ error: false, text: t('roster.exported', { rows: result.value.rows, file: result.value.file, sha: result.value.sha256.slice(0, 16) }) });
  };

  const bad = preview?.rows.filter((row) => row.errors.length > 0) ?? [];

  return (
    <>
      {canImport && (
        <section aria-labelledby="import-heading">
          <h2 id="import-heading">{t('roster.importTitle')}</h2>
          <p>{t('roster.importHelp')}</p>
          {/* A file input, not ui/Field: Field is a text field whose value React Aria holds, and a file input's value cannot be set. */}
          <div className="field">
            <label htmlFor={fileId}>{t('roster.chooseFile')}</label>
            <input id={fileId} type="file" accept=".csv,text/csv" onChange={(event) => void pick(event)} disabled={busy} />
          </div>
          {!preview?.headerOk && <Toast message={importMessage} testId="roster-files-message" />}
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
              <div className="action-row">
                <button type="button" disabled={busy || preview.invalid > 0 || preview.valid === 0} onClick={() => void commit()}>
                  {t('roster.importRows', { count: preview.valid })}
                </button>
                <Toast message={importMessage} testId="roster-files-message" />
              </div>
              {preview.invalid > 0 && <p className="help">{t('roster.fixFirst')}</p>}
            </div>
          )}
        </section>
      )}
      {exportable.length > 0 || basics.roles.isAdmin ? (
        <section aria-labelledby="export-heading">
          <h2 id="export-heading">{t('roster.exportTitle')}</h2>
          <p className="notice">{t('roster.exportWarning')}</p>
          <SelectField
            label={t('roster.exportWhich')}
            value={exportTeam}
            onChange={setExportTeam}
            placeholder={basics.roles.isAdmin ? t('roster.everyone') : undefined}
            options={exportable.map((team) => ({ value: team.id, label: team.name }))}
          />
          <SelectField
            label={t('roster.format')}
            value={format}
            onChange={(value) => setFormat(value as 'csv' | 'pdf')}
            options={[
              { value: 'csv', label: t('roster.formatCsv') },
              { value: 'pdf', label: t('roster.formatPdf') },
            ]}
          />
          <FolderPicker busy={busy} kind="roster" onPick={(folder) => void exportTo(folder)} />
          {/* Right under the folder's "Spara här", where the user is looking. */}
          <Toast message={exportMessage} testId="roster-export-message" />
        </section>
      ) : (
        !canImport && <p>{t('roster.filesNotForYou')}</p>
      )}
    </>
  );
}
