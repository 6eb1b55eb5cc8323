import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CaseSummary } from '../../../../shared/cases/model';
import type { HandoverSummary } from '../../../../shared/handover/model';
import { type Message, MessageLine } from '../../app/MessageLine';
import { useNavigate } from '../../app/navigate';
import { errorMessage } from '../../errors/messages';
import { EmptyState } from '../../ui/EmptyState';
import { SelectField } from '../../ui/SelectField';
import { useInvoke } from '../../ui/use-invoke';
import type { TeamContext } from '../meetings/use-team';
import { useBridge } from '../../ipc/bridge-context';
import { ExportPanel } from './ExportPanel';
import { ReceiptState } from './ReceiptState';
import { toBase64 } from './base64';
import { NewHandover } from './NewHandover';

/** An answer together with what it was asked for: shown only while that is still the choice. */
interface Answer<T> {
  readonly for: string;
  readonly items: readonly T[];
}

/** The handovers of one case: the list, a new handover, and the export panel of the one chosen. */
export function HandoverList({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const casesCall = useInvoke();
  const listCall = useInvoke();
  const [cases, setCases] = useState<Answer<CaseSummary> | null>(null);
  const [caseId, setCaseId] = useState('');
  const [list, setList] = useState<Answer<z.infer<typeof HandoverSummary>> | null>(null);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const bridge = useBridge();
  const receiptFile = useId();
  const [importing, setImporting] = useState(false);

  const { invoke: invokeCases, cancel: cancelCases } = casesCall;
  useEffect(() => {
    setCaseId('');
    setCreating(false);
    setExporting(null);
    if (!team.teamId) return cancelCases();
    const teamId = team.teamId;
    void invokeCases('cases:list', { teamId, status: 'active' }).then((r) => r?.ok && setCases({ for: teamId, items: r.value.filter((c) => c.readable) }));
  }, [invokeCases, cancelCases, team.teamId]);
  const { invoke: invokeList, cancel: cancelList } = listCall;
  const load = useCallback(async () => {
    // A list asked for an earlier case never replaces this one's (useInvoke drops it), and the
    // list on screen is only ever the chosen case's (its `for`).
    if (!caseId) return cancelList();
    const r = await invokeList('handover:list', { caseId });
    if (!r) return;
    if (r.ok) setList({ for: caseId, items: r.value });
    else setMessage({ error: true, text: errorMessage(t, r.error) });
  }, [invokeList, cancelList, caseId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  // What belongs to the team and the case chosen now; an answer for an earlier choice is not shown.
  const teamCases = cases?.for === team.teamId ? cases.items : null;
  const handovers = caseId && list?.for === caseId ? list.items : null;
  const choose = (next: string): void => {
    setCaseId(next);
    setCreating(false);
    setExporting(null);
    setMessage(null);
  };

  // A receipt names the packet it answers: main finds the handover, checks it and stores it (issue 20).
  const importReceipt = async (file: File): Promise<void> => {
    setImporting(true);
    setMessage({ error: false, text: t('handover.receipt.checking') });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const r = await bridge.invoke('handover:import-receipt', { fileName: file.name.slice(0, 300), base64: toBase64(bytes) });
    setImporting(false);
    if (!r.ok) {
      const reason = r.error.code === 'packet_refused' ? t(`handover.refused.${r.error.message}`, { defaultValue: t('errors.packet_refused') }) : errorMessage(t, r.error);
      return setMessage({ error: true, text: `${t('handover.receipt.refusedIntro')} ${reason}` });
    }
    setMessage({ error: false, text: t('handover.receipt.imported', { code: r.value.caseCode }) });
    if (r.value.caseId === caseId) await load();
  };

  return (
    <section aria-labelledby="handovers-heading">
      <h2 id="handovers-heading">{t('handover.tab.handovers')}</h2>
      <SelectField
        label={t('handover.case')}
        value={caseId}
        onChange={choose}
        placeholder={t('handover.chooseCase')}
        options={(teamCases ?? []).map((c) => ({ value: c.id, label: c.code }))}
      />
      {teamCases?.length === 0 && (
        <EmptyState testId="handover-no-cases" message={t('handover.noCases')} action={{ label: t('handover.toMeetings'), onPress: () => navigate('meetings') }} />
      )}
      <MessageLine message={message} testId="handover-message" />
      {caseId && handovers === null && (
        <p role="status" className="help">
          {t('handover.loadingList')}
        </p>
      )}
      {handovers && handovers.length > 0 && (
        <ul data-testid="handover-list">
          {handovers.map((h) => (
            <li key={h.id}>
              {h.date}: {h.fromOrganisation} → {h.toOrganisation} ({h.toFunction}){h.consentOverride ? ` – ${t('handover.override')}` : ''}
              {h.sent.length > 0 && <span className="help"> · {t('handover.sentCount', { count: h.sent.length })}</span>}{' '}
              <button type="button" onClick={() => setExporting(h.id)}>
                {t('handover.previewExport')}
              </button>
              <ReceiptState sent={h.sent} />
            </li>
          ))}
        </ul>
      )}
      {handovers && !creating && handovers.length === 0 && (
        <EmptyState testId="handover-empty" message={t('handover.none')} action={{ label: t('handover.new'), onPress: () => setCreating(true) }} />
      )}
      {handovers && !creating && handovers.length > 0 && (
        <button type="button" onClick={() => setCreating(true)}>
          {t('handover.new')}
        </button>
      )}
      {handovers?.some((h) => h.sent.length > 0) && (
        <p>
          <label htmlFor={receiptFile}>{t('handover.receipt.import')}</label>{' '}
          <input
            id={receiptFile}
            type="file"
            accept=".age,.zip"
            disabled={importing}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importReceipt(file);
            }}
          />
        </p>
      )}
      {caseId && creating && (
        <NewHandover
          key={caseId}
          caseId={caseId}
          team={team}
          onCancel={() => setCreating(false)}
          onDone={(created) => {
            setCreating(false);
            setMessage({ error: false, text: t('handover.created') });
            void load();
            setExporting(created);
          }}
          onError={(code) => setMessage({ error: true, text: errorMessage(t, code) })}
        />
      )}
      {caseId && exporting && <ExportPanel key={exporting} handoverId={exporting} onExported={() => void load()} />}
    </section>
  );
}
