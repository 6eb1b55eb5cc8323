import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CaseSummary } from '../../../../shared/cases/model';
import type { HandoverSummary } from '../../../../shared/handover/model';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { useInvoke } from '../../ui/use-invoke';
import type { TeamContext } from '../meetings/use-team';
import { ExportPanel } from './ExportPanel';
import { NewHandover } from './NewHandover';

/** The handovers of one case: the list, a new handover, and the export panel of the one chosen. */
export function HandoverList({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  const casesCall = useInvoke();
  const listCall = useInvoke();
  const ids = { kase: useId() };
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [caseId, setCaseId] = useState('');
  const [list, setList] = useState<z.infer<typeof HandoverSummary>[]>([]);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);

  const { invoke: invokeCases } = casesCall;
  useEffect(() => {
    setCaseId('');
    if (!team.teamId) return;
    void invokeCases('cases:list', { teamId: team.teamId, status: 'active' }).then((r) => r?.ok && setCases(r.value.filter((c) => c.readable)));
  }, [invokeCases, team.teamId]);
  const { invoke: invokeList, cancel: cancelList } = listCall;
  const load = useCallback(async () => {
    // A list asked for an earlier case never replaces this one's.
    if (!caseId) return (cancelList(), setList([]));
    const r = await invokeList('handover:list', { caseId });
    if (!r) return;
    if (r.ok) setList(r.value);
    else setMessage({ error: true, text: errorMessage(t, r.error) });
  }, [invokeList, cancelList, caseId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="handovers-heading">
      <h2 id="handovers-heading">{t('handover.tab.handovers')}</h2>
      <div className="field">
        <label htmlFor={ids.kase}>{t('handover.case')}</label>
        <select id={ids.kase} value={caseId} onChange={(e) => (setCaseId(e.target.value), setCreating(false), setExporting(null))}>
          <option value="">{t('handover.chooseCase')}</option>
          {cases.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code}
            </option>
          ))}
        </select>
      </div>
      <MessageLine message={message} testId="handover-message" />
      {caseId && (
        <>
          <ul data-testid="handover-list">
            {list.map((h) => (
              <li key={h.id}>
                {h.date}: {h.fromOrganisation} → {h.toOrganisation} ({h.toFunction}){h.consentOverride ? ` – ${t('handover.override')}` : ''}
                {h.sent.length > 0 && <span className="help"> · {t('handover.sentCount', { count: h.sent.length })}</span>}{' '}
                <button type="button" onClick={() => setExporting(h.id)}>
                  {t('handover.previewExport')}
                </button>
              </li>
            ))}
            {list.length === 0 && <li>{t('handover.none')}</li>}
          </ul>
          {!creating && (
            <button type="button" onClick={() => setCreating(true)}>
              {t('handover.new')}
            </button>
          )}
          {creating && (
            <NewHandover
              caseId={caseId}
              team={team}
              onDone={(created) => {
                setCreating(false);
                setMessage({ error: false, text: t('handover.created') });
                void load();
                setExporting(created);
              }}
              onError={(code) => setMessage({ error: true, text: errorMessage(t, code) })}
            />
          )}
          {exporting && <ExportPanel key={exporting} handoverId={exporting} onExported={() => void load()} />}
        </>
      )}
    </section>
  );
}
