import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpStats, Period } from '../../../../shared/followup/model';
import { periodDates, tertialOf } from '../../../../shared/followup/model';
import { NoTeamNotice } from '../../app/EmptyStates';
import { FolderPicker } from '../../app/FolderPicker';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { useInvoke } from '../../ui/use-invoke';
import { useTeamContext } from '../meetings/use-team';
import { localToday } from '../roster/use-roster';
import { TeamLoadError, TeamSelect } from '../meetings/TeamSelect';
import { type Message, MessageLine } from '../../app/MessageLine';
import { ParticipantTables } from './ParticipantTables';
import { SentReports, exportedText, useSentReports } from './SentReports';

const PERIOD_KINDS = ['tertial', 'cumulative', 'year', 'custom'] as const satisfies readonly Period['kind'][];

// Chart.js draws on a canvas from code (no eval, no inline styles): it works under the app's CSP.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * Follow-up for the samordningsförbund: per team and period (tertial, year, custom), counts only.
 * Tables carry every number (they are also the chart's accessible form); the CSV report leaves the
 * team through a picked folder, warned and logged, with small counts suppressed by default.
 */
export function FollowUpArea() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const statsCall = useInvoke();
  const team = useTeamContext();
  const today = localToday();
  const [kind, setKind] = useState<Period['kind']>('tertial');
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const [yearText, setYearText] = useState(today.slice(0, 4));
  const [thresholdText, setThresholdText] = useState('5');
  const [tertial, setTertial] = useState<1 | 2 | 3>(tertialOf(today).tertial);
  const [range, setRange] = useState({ from: `${today.slice(0, 4)}-01-01`, to: today });
  // The figures with the team and period they were asked for: shown only while that is the choice.
  const [answer, setAnswer] = useState<{ for: string; stats: FollowUpStats } | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [suppress, setSuppress] = useState(true);
  const [threshold, setThreshold] = useState(5);
  const [exporting, setExporting] = useState<'csv' | 'pdf' | null>(null);

  const period: Period = kind === 'tertial' || kind === 'cumulative' ? { kind, year, tertial } : kind === 'year' ? { kind, year } : { kind, from: range.from, to: range.to };
  const key = JSON.stringify(period);
  const request = `${team.teamId} ${key}`;
  const { invoke: invokeStats, cancel: cancelStats } = statsCall;
  useEffect(() => {
    // The latest choice wins: an earlier team's or period's figures arriving late are dropped
    // (useInvoke), and those on screen are only ever the chosen team's and period's (`for`).
    setExporting(null);
    if (!team.teamId) return cancelStats();
    const asked = `${team.teamId} ${key}`;
    void invokeStats('followup:stats', { teamId: team.teamId, period: JSON.parse(key) as Period }).then((r) => {
      if (!r) return;
      if (r.ok) {
        setAnswer({ for: asked, stats: r.value });
        setMessage(null);
      } else setMessage({ error: true, text: errorMessage(t, r.error) });
    });
  }, [invokeStats, cancelStats, team.teamId, key, t]);
  const stats = answer?.for === request ? answer.stats : null;
  // The register of reports sent (issue 20): the year's threshold, once fixed, is the one used.
  const sent = useSentReports(team.teamId, period.kind === 'custom' ? null : period.year, team.isChair);
  const fixed = sent.view?.threshold ?? null;
  const reportRange = period.kind === 'custom' ? null : periodDates(period);

  const outcomeLabel = (label: string): string => t(`followup.outcome.${label}`);
  if (team.error && !team.roles) return <TeamLoadError team={team} />;
  if (team.roles && team.teams.length === 0) return <NoTeamNotice isAdmin={team.roles.isAdmin} />;
  return (
    <>
      <form className="form inline-form" aria-label={t('followup.choose')} onSubmit={(e) => e.preventDefault()}>
        <TeamSelect team={team} />
        <SelectField
          label={t('followup.period')}
          value={kind}
          onChange={(next) => setKind(next as Period['kind'])}
          options={PERIOD_KINDS.map((value) => ({ value, label: t(`followup.kind.${value}`) }))}
        />
        {kind !== 'custom' && (
          <Field
            label={t('followup.year')}
            type="number"
            min={2000}
            max={2100}
            value={yearText}
            onChange={(e) => setYearText(e.target.value)}
            // Applied when a whole year has been typed (on leaving the field), not on every keystroke.
            onBlur={() => {
              const next = Number(yearText);
              if (Number.isInteger(next) && next >= 2000 && next <= 2100) setYear(next);
              else setYearText(String(year));
            }}
          />
        )}
        {(kind === 'tertial' || kind === 'cumulative') && (
          <SelectField
            label={t(kind === 'tertial' ? 'followup.tertial' : 'followup.through')}
            value={String(tertial)}
            onChange={(next) => setTertial(Number(next) as 1 | 2 | 3)}
            options={([1, 2, 3] as const).map((n) => ({ value: String(n), label: t(kind === 'tertial' ? `followup.t${n}` : `followup.through${n}`) }))}
          />
        )}
        {kind === 'custom' && (
          <>
            <Field label={t('followup.from')} type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
            <Field label={t('followup.to')} type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
          </>
        )}
      </form>
      <MessageLine message={message} testId="followup-message" />
      {team.teamId && !stats && !message?.error && (
        <p role="status" className="help" data-testid="followup-loading">
          {t('followup.loading')}
        </p>
      )}
      {stats && (
        <div data-testid="followup">
          <p>{t('followup.range', { from: stats.from, to: stats.to })}</p>
          <p className="help">{t('followup.readableNote')}</p>
          <table className="data-table" data-testid="key-figures">
            <caption>{t('followup.keyFigures')}</caption>
            <tbody>
              {(
                [
                  ['meetingsHeld', stats.meetingsHeld],
                  ['casesConsent', stats.casesDiscussed.consent],
                  ['casesAnonymous', stats.casesDiscussed.anonymous],
                  ['newCases', stats.newCases],
                  ['closedCases', stats.closedCases],
                  ['supervisionSessions', stats.supervisionSessions],
                  ['actionsDue', stats.actions.due],
                  ['actionsOnTime', stats.actions.doneOnTime],
                  ['actionsLate', stats.actions.late],
                  ['actionsNotDone', stats.actions.notDone],
                ] as const
              ).map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{t(`followup.figure.${label}`)}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <CountTable caption={t('followup.attendance')} rows={stats.attendance} testId="attendance" />
          <CountTable id="outcomes-table" caption={t('followup.outcomes')} rows={stats.outcomes.map((o) => ({ label: outcomeLabel(o.label), count: o.count }))} testId="outcomes" />
          <BarChart
            describedBy="outcomes-table"
            title={t('followup.outcomesChart')}
            labels={stats.outcomes.map((o) => outcomeLabel(o.label))}
            series={[{ label: t('followup.closedCases'), data: stats.outcomes.map((o) => o.count), color: '#1d4e89' }]}
          />
          <ParticipantTables figures={stats.participants} />
          <CountTable caption={t('followup.handoversSent')} rows={stats.handoversSent} testId="sent" />
          <CountTable caption={t('followup.handoversReceived')} rows={stats.handoversReceived} testId="received" />
          <table className="data-table" data-testid="weekly" id="weekly-table">
            <caption>{t('followup.weekly')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('followup.week')}</th>
                <th scope="col">{t('followup.figure.meetingsHeld')}</th>
                <th scope="col">{t('followup.figure.newCases')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.weekly.map((w) => (
                <tr key={w.week}>
                  <th scope="row">{w.week.replace(/^(\d{4})-W(\d{2})$/, (_m, y: string, n: string) => t('followup.weekLabel', { year: y, week: Number(n) }))}</th>
                  <td>{w.meetings}</td>
                  <td>{w.newCases}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <BarChart
            describedBy="weekly-table"
            title={t('followup.weeklyChart')}
            labels={stats.weekly.map((w) => w.week)}
            series={[
              { label: t('followup.figure.meetingsHeld'), data: stats.weekly.map((w) => w.meetings), color: '#1d4e89' },
              { label: t('followup.figure.newCases'), data: stats.weekly.map((w) => w.newCases), color: '#1e6b36' },
            ]}
          />

          <section aria-labelledby="followup-export" className="notice">
            <h2 id="followup-export">{t('followup.export')}</h2>
            <p>{t('followup.exportWarning')}</p>
            <label className="checkbox">
              <input type="checkbox" checked={suppress} onChange={(e) => setSuppress(e.target.checked)} />
              {t('followup.suppress')}
            </label>
            {suppress && (
              <Field
                label={t('followup.threshold')}
                type="number"
                min={2}
                max={20}
                value={fixed ? String(fixed.value) : thresholdText}
                readOnly={fixed !== null}
                help={fixed ? t('followup.sent.thresholdLocked', { value: fixed.value, date: fixed.fixedOn, year }) : undefined}
                testId="followup-threshold"
                onChange={(e) => setThresholdText(e.target.value)}
                onBlur={() => {
                  if (fixed) return;
                  const next = Math.min(20, Math.max(2, Number(thresholdText) || 5));
                  setThreshold(next);
                  setThresholdText(String(next));
                }}
              />
            )}
            {suppress && reportRange && <SentReports view={sent.view} from={reportRange.from} to={reportRange.to} year={year} />}
            {period.kind === 'custom' ? (
              <p className="help">{t('followup.reportPeriods')}</p>
            ) : !team.isChair ? (
              <p className="help">{t('followup.chairExports')}</p>
            ) : !exporting ? (
              <p>
                <button type="button" onClick={() => setExporting('csv')}>
                  {t('followup.exportCsv')}
                </button>{' '}
                <button type="button" onClick={() => setExporting('pdf')}>
                  {t('followup.exportPdf')}
                </button>
              </p>
            ) : (
              <FolderPicker
                busy={false}
                kind="follow-up"
                onPick={(folder) => {
                  void bridge.invoke(exporting === 'csv' ? 'followup:export-csv' : 'followup:export-pdf', { teamId: team.teamId, period, suppressBelow: suppress ? (fixed?.value ?? threshold) : null, folder }).then((r) => {
                    setExporting(null);
                    if (r.ok && suppress) sent.reload();
                    setMessage(r.ok ? { error: false, text: exportedText(t, r.value) } : { error: true, text: errorMessage(t, r.error) });
                  });
                }}
              />
            )}
          </section>
        </div>
      )}
    </>
  );
}

function CountTable({ caption, rows, testId, id }: { caption: string; rows: readonly { label: string; count: number }[]; testId: string; id?: string }) {
  const { t } = useTranslation();
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  return (
    <table className="data-table" data-testid={testId} id={id}>
      <caption>{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td>{row.count}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t('followup.total')}</th>
          <td>{total}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** A bar chart; the table beside it holds the same numbers for screen readers and keyboards. */
function BarChart({ title, labels, series, describedBy }: { title: string; labels: readonly string[]; series: readonly { label: string; data: readonly number[]; color: string }[]; describedBy: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Redrawn when the numbers change, not on every render.
  const data = JSON.stringify({ labels, series });
  useEffect(() => {
    if (!canvas.current) return;
    const parsed = JSON.parse(data) as { labels: string[]; series: { label: string; data: number[]; color: string }[] };
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: parsed.labels, datasets: parsed.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
    });
    return () => chart.destroy();
  }, [data]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={title} aria-describedby={describedBy} />
      </div>
    </figure>
  );
}
