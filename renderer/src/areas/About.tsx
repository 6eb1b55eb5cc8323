import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Health, VaultStatus } from '../../../shared/ipc/contract';
import type { ErrorCode } from '../../../shared/ipc/errors';
import { errorMessage } from '../errors/messages';
import { localDateTime } from '../format/time';
import { useBridge } from '../ipc/bridge-context';

type State = { kind: 'loading' } | { kind: 'error'; code: ErrorCode } | { kind: 'ready'; info: AppInfo; health: Health };


/** About and health: everything here comes from main through app:info and app:health. */
export function About() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [state, setState] = useState<State>({ kind: 'loading' });

  // Counts the loads: an answer is shown only if no later load began (and the page is still here).
  const latest = useRef(0);
  const load = useCallback(async () => {
    const call = ++latest.current;
    setState({ kind: 'loading' });
    const [info, health] = await Promise.all([bridge.invoke('app:info', {}), bridge.invoke('app:health', {})]);
    if (call !== latest.current) return;
    if (!info.ok) return setState({ kind: 'error', code: info.error.code });
    if (!health.ok) return setState({ kind: 'error', code: health.error.code });
    setState({ kind: 'ready', info: info.value, health: health.value });
  }, [bridge]);

  useEffect(() => {
    void load();
    return () => {
      latest.current += 1;
    };
  }, [load]);

  return (
    <>
      <div className="toolbar">
        <button type="button" onClick={() => void load()} disabled={state.kind === 'loading'}>
          {t('about.refresh')}
        </button>
      </div>
      <div aria-live="polite">
        {state.kind === 'loading' && <p>{t('about.loading')}</p>}
        {state.kind === 'error' && (
          <p role="alert" className="error">
            {errorMessage(t, state.code)}
          </p>
        )}
        {state.kind === 'ready' && <HealthDetails info={state.info} health={state.health} />}
      </div>
    </>
  );
}

function HealthDetails({ info, health }: { info: AppInfo; health: Health }) {
  const { t } = useTranslation();
  return (
    <>
      <dl className="facts">
        <dt>{t('about.status')}</dt>
        <dd data-testid="health-status" data-status={health.status} className={`status status-${health.status}`}>
          {health.status === 'ok' ? t('about.statusOk') : t('about.statusDegraded')}
        </dd>
        <dt>{t('about.version')}</dt>
        <dd>{info.version}</dd>
        <dt>{t('about.host')}</dt>
        <dd data-testid="health-host">{info.host === 'electron' ? t('about.hostElectron') : t('about.hostBrowser')}</dd>
        <dt>{t('about.platform')}</dt>
        <dd>{info.platform}</dd>
        {/* Main leaves these out before sign-in; About is shown only to a signed-in account. */}
        <dt>{t('about.node')}</dt>
        <dd data-testid="health-node-version">{health.nodeVersion ?? '–'}</dd>
        <dt>{t('about.startedAt')}</dt>
        <dd>{health.startedAt ? localDateTime(health.startedAt) : '–'}</dd>
        <dt>{t('about.uptime')}</dt>
        <dd>{health.uptimeSeconds === null ? '–' : t('about.uptimeValue', { minutes: Math.floor(health.uptimeSeconds / 60), seconds: health.uptimeSeconds % 60 })}</dd>
        <dt>{t('about.dataDir')}</dt>
        <dd className="path">{health.dataDir ?? '–'}</dd>
        <dt>{t('about.auditCheck')}</dt>
        <AuditCheck />
      </dl>
      <table className="checks">
        <caption>{t('about.checks')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('about.check')}</th>
            <th scope="col">{t('about.result')}</th>
            <th scope="col">{t('about.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {health.checks.map((check) => (
            <tr key={check.name} data-testid={`check-${check.name}`}>
              <th scope="row">{t(`about.check_${check.name}`)}</th>
              <td className={check.ok ? 'ok' : 'failed'}>{check.ok ? t('about.checkOk') : t('about.checkFailed')}</td>
              <td>{check.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type AuditCheckState = NonNullable<VaultStatus['auditCheck']>;

/** How often the walk's progress is asked for while it runs (vault:status does not postpone the idle lock). */
const AUDIT_CHECK_POLL_MS = 2000;

/** The full walk of the audit log after unlock: its progress while it runs, then how it ended. */
function AuditCheck() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [check, setCheck] = useState<AuditCheckState | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let live = true;
    const load = async () => {
      const result = await bridge.invoke('vault:status', {});
      if (!live) return;
      const next = result.ok ? (result.value.auditCheck ?? null) : null;
      setCheck(next);
      if (next?.state === 'running') timer = setTimeout(() => void load(), AUDIT_CHECK_POLL_MS);
    };
    void load();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [bridge]);

  if (!check) return <dd data-testid="audit-check">–</dd>;
  const percent = check.total > 0 ? Math.floor((check.verified / check.total) * 100) : check.state === 'running' ? 0 : 100;
  return (
    <dd data-testid="audit-check" data-state={check.state}>
      {check.state === 'running' ? t('about.auditCheckRunning', { percent }) : t(`about.auditCheck_${check.state}`, { percent })}
    </dd>
  );
}
