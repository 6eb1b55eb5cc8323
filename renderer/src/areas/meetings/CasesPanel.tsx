import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGE_BANDS, CONSENT_CATEGORIES, CONSENT_DIRECTIONS, OUTCOMES } from '../../../../shared/cases/codes';
import type { CaseDetail, CaseSummary } from '../../../../shared/cases/model';
import { errorMessage } from '../../errors/messages';
import type { IpcError } from '../../../../shared/ipc/errors';
import { useBridge } from '../../ipc/bridge-context';
import { localToday } from '../roster/use-roster';
import type { TeamContext } from './use-team';
import { type Message, MessageLine } from '../../app/MessageLine';

type Category = (typeof CONSENT_CATEGORIES)[number];

const CLOSED_PAGE = 50;
/** The most `cases:list` answers at once (its contract's limit). */
const MAX_PAGE = 500;

/** The team's cases: pseudonymous codes only, consents as dated per-organisation permissions. */
export function CasesPanel({ team }: { team: TeamContext }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { age: useId(), mode: useId(), raised: useId(), owner: useId(), glass: useId() };
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [open, setOpen] = useState<CaseDetail | null>(null);
  const [breakGlass, setBreakGlass] = useState<CaseSummary | null>(null);
  const [glassReason, setGlassReason] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const own = team.organisations.find((org) => org.isOwn);
  const [form, setForm] = useState({ ageBand: '18-20' as (typeof AGE_BANDS)[number], consentMode: 'anonymous' as 'anonymous' | 'consent', raisedByOrganisationId: own?.id ?? '', ownerMemberId: '' });

  // The active cases, then the closed ones (the latest closed first) a page at a time: a team's
  // closed cases gather over the years, and a decade's would be slow to fetch and to read (issue 16).
  const [closedMore, setClosedMore] = useState(false);
  const latest = useRef(0);
  const fetchClosed = useCallback(
    async (offset: number, limit: number): Promise<{ cases: CaseSummary[]; more: boolean } | { error: IpcError }> => {
      // One more than asked for: whether there are more to show.
      const result = await bridge.invoke('cases:list', { teamId: team.teamId, status: 'closed', offset, limit: limit + 1 });
      return result.ok ? { cases: result.value.slice(0, limit), more: result.value.length > limit } : { error: result.error };
    },
    [bridge, team.teamId],
  );
  /** The active cases and as many closed ones as were shown (at least a page), again: after a change, or on opening. */
  const load = useCallback(
    async (closedShown = 0) => {
      if (!team.teamId) return;
      const call = ++latest.current;
      const active = await bridge.invoke('cases:list', { teamId: team.teamId, status: 'active' });
      const closed: CaseSummary[] = [];
      let more = false;
      const wanted = Math.max(closedShown, CLOSED_PAGE);
      while (closed.length < wanted) {
        const page = await fetchClosed(closed.length, Math.min(wanted - closed.length, MAX_PAGE - 1));
        if ('error' in page) return call === latest.current && setMessage({ error: true, text: errorMessage(t, page.error) });
        closed.push(...page.cases);
        more = page.more;
        if (!more) break;
      }
      if (call !== latest.current) return;
      if (!active.ok) return setMessage({ error: true, text: errorMessage(t, active.error) });
      setCases([...active.value, ...closed]);
      setClosedMore(more);
    },
    [bridge, fetchClosed, team.teamId, t],
  );
  const closedShown = cases.filter((c) => c.status === 'closed').length;
  /** The next page of closed cases, after those shown. */
  const showMoreClosed = async (): Promise<void> => {
    const call = ++latest.current;
    const page = await fetchClosed(closedShown, CLOSED_PAGE);
    if (call !== latest.current) return;
    if ('error' in page) return setMessage({ error: true, text: errorMessage(t, page.error) });
    setCases((shown) => [...shown, ...page.cases]);
    setClosedMore(page.more);
  };
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('cases:create', { teamId: team.teamId, ageBand: form.ageBand, consentMode: form.consentMode, raisedByOrganisationId: form.raisedByOrganisationId || own?.id || '', ownerMemberId: form.ownerMemberId || null });
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setMessage({ error: false, text: t('cases.created', { code: result.value.code }) });
    setOpen(result.value);
    await load(closedShown);
  };

  const openCase = async (summary: CaseSummary): Promise<void> => {
    const result = await bridge.invoke('cases:get', { caseId: summary.id });
    if (result.ok) setOpen(result.value);
    else setMessage({ error: true, text: errorMessage(t, result.error) });
  };

  return (
    <>
      <MessageLine message={message} testId="cases-message" />
      {team.canEdit && (
        <form className="form inline-form" aria-label={t('cases.new')} onSubmit={(event) => void create(event)}>
          <div className="field">
            <label htmlFor={ids.age}>{t('cases.ageBand')}</label>
            <select id={ids.age} value={form.ageBand} onChange={(e) => setForm({ ...form, ageBand: e.target.value as (typeof AGE_BANDS)[number] })}>
              {AGE_BANDS.map((band) => (
                <option key={band} value={band}>
                  {t('cases.years', { band: band.replace('-', '–') })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.mode}>{t('cases.consentMode')}</label>
            <select id={ids.mode} value={form.consentMode} onChange={(e) => setForm({ ...form, consentMode: e.target.value as 'anonymous' | 'consent' })}>
              <option value="anonymous">{t('cases.mode.anonymous')}</option>
              <option value="consent">{t('cases.mode.consent')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.raised}>{t('cases.raisedBy')}</label>
            <select id={ids.raised} value={form.raisedByOrganisationId || own?.id || ''} onChange={(e) => setForm({ ...form, raisedByOrganisationId: e.target.value })}>
              {team.organisations.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.owner}>{t('cases.owner')}</label>
            <select id={ids.owner} value={form.ownerMemberId} onChange={(e) => setForm({ ...form, ownerMemberId: e.target.value })}>
              <option value="">{t('meetings.choose')}</option>
              {team.members
                .filter((m) => m.activeTo === null)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.displayName}
                  </option>
                ))}
            </select>
          </div>
          <button type="submit">{t('cases.new')}</button>
        </form>
      )}
      <p className="help">{t('cases.noNames')}</p>
      <table className="checks" data-testid="cases-table">
        <thead>
          <tr>
            <th scope="col">{t('cases.code')}</th>
            <th scope="col">{t('cases.ageBand')}</th>
            <th scope="col">{t('cases.consentMode')}</th>
            <th scope="col">{t('roster.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('roster.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.code}</th>
              <td>{c.ageBand.replace('-', '–')}</td>
              <td>{t(`cases.mode.${c.consentMode}`)}</td>
              <td>
                {c.status === 'closed' ? t('cases.closedWith', { outcome: t(`cases.outcome.${c.outcome ?? 'other'}`) }) : t('cases.active')}
                {c.flaggedForSupervision ? `, ${t('cases.flagged')}` : ''}
                {!c.readable ? ` (${t(`meetings.unreadable.${c.unreadableReason ?? 'no-consent'}`)})` : ''}
              </td>
              <td>
                {c.readable && (
                  <button type="button" onClick={() => void openCase(c)}>
                    {t('cases.open', { code: c.code })}
                  </button>
                )}
                {!c.readable && c.unreadableReason !== 'not-in-team' && (
                  <button type="button" onClick={() => setBreakGlass(c)}>
                    {t('cases.breakGlass', { code: c.code })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {closedMore && (
        <p>
          <button type="button" onClick={() => void showMoreClosed()}>
            {t('cases.moreClosed', { count: CLOSED_PAGE })}
          </button>
        </p>
      )}
      {breakGlass && (
        <form
          className="alarm form"
          aria-label={t('cases.breakGlass', { code: breakGlass.code })}
          onSubmit={(event) => {
            event.preventDefault();
            void bridge.invoke('cases:break-glass', { caseId: breakGlass.id, reason: glassReason }).then((result) => {
              if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
              setOpen(result.value);
              setBreakGlass(null);
              setGlassReason('');
              setMessage({ error: false, text: t('cases.breakGlassDone', { code: breakGlass.code }) });
            });
          }}
        >
          <p>{t('cases.breakGlassHelp')}</p>
          <div className="field">
            <label htmlFor={ids.glass}>{t('cases.breakGlassReason')}</label>
            <textarea id={ids.glass} required minLength={10} maxLength={500} rows={2} value={glassReason} onChange={(e) => setGlassReason(e.target.value)} />
          </div>
          <button type="submit">{t('cases.breakGlassConfirm')}</button>{' '}
          <button type="button" onClick={() => setBreakGlass(null)}>
            {t('meetings.notNow')}
          </button>
        </form>
      )}
      {open && <CaseEditor key={open.id} detail={open} team={team} onChange={(d) => { setOpen(d); void load(closedShown); }} />}
    </>
  );
}

/** Where in the case editor an answer is shown: beside the control that asked. */
type CasePlace = 'consents' | 'consent-form' | 'status';

function CaseEditor({ detail, team, onChange }: { detail: CaseDetail; team: TeamContext; onChange: (detail: CaseDetail) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [said, setSaid] = useState<{ at: CasePlace; message: Message }>({ at: 'status', message: null });
  const lineAt = (at: CasePlace) => (said.at === at ? <MessageLine message={said.message} testId="case-message" /> : null);
  // Opened: the editor comes into view with the focus on its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, []);
  const ids = { org: useId(), dir: useId(), purpose: useId(), from: useId(), to: useId(), paper: useId(), outcome: useId() };
  const [consent, setConsent] = useState({ organisationId: '', direction: 'both' as (typeof CONSENT_DIRECTIONS)[number], categories: [] as Category[], purpose: '', validFrom: localToday(), validTo: localToday(), guardianConsent: false, paperFiledAt: '' });
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('arbete');
  const done = (result: { ok: true; value: CaseDetail } | { ok: false; error: IpcError }, text: string, at: CasePlace): void => {
    if (!result.ok) return setSaid({ at, message: { error: true, text: errorMessage(t, result.error) } });
    setSaid({ at, message: { error: false, text } });
    onChange(result.value);
  };
  const addConsent = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    done(await bridge.invoke('cases:add-consent', { caseId: detail.id, ...consent }), t('cases.consentAdded'), 'consent-form');
  };
  return (
    <section className="notice editor" aria-labelledby="case-heading" data-testid="case-editor">
      <h2 id="case-heading" ref={heading} tabIndex={-1}>
        {detail.code}
      </h2>
      <p>
        {t('cases.summary', { band: detail.ageBand.replace('-', '–'), raised: detail.raisedBy.name, owner: detail.owner?.name ?? '–' })}
      </p>
      {detail.consentMode === 'consent' && (
        <>
          <h3>{t('cases.consents')}</h3>
          {detail.consents.length === 0 ? (
            <p>{t('cases.noConsents')}</p>
          ) : (
            <ul data-testid="consents">
              {detail.consents.map((c) => (
                <li key={c.id}>
                  {c.organisationName}: {t(`cases.direction.${c.direction}`)}, {c.categories.map((cat) => t(`cases.category.${cat}`)).join(', ')}, {c.validFrom} – {c.validTo}
                  {c.withdrawnOn ? `, ${t('cases.withdrawnOn', { date: c.withdrawnOn })}` : ''}{' '}
                  {team.canEdit && !c.withdrawnOn && (
                    <button type="button" className="link-button" onClick={() => void bridge.invoke('cases:withdraw-consent', { consentId: c.id, date: localToday() }).then((r) => done(r, t('cases.withdrawn'), 'consents'))}>
                      {t('cases.withdraw', { organisation: c.organisationName })}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {lineAt('consents')}
          {team.canEdit && (
            <form className="form" aria-label={t('cases.addConsent')} onSubmit={(event) => void addConsent(event)}>
              <div className="field">
                <label htmlFor={ids.org}>{t('cases.consentOrganisation')}</label>
                <select id={ids.org} required value={consent.organisationId} onChange={(e) => setConsent({ ...consent, organisationId: e.target.value })}>
                  <option value="">{t('meetings.choose')}</option>
                  {team.organisations.map((org) => (
                    <option key={org.id} value={org.id}>
                      {org.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.dir}>{t('cases.directionLabel')}</label>
                <select id={ids.dir} value={consent.direction} onChange={(e) => setConsent({ ...consent, direction: e.target.value as (typeof CONSENT_DIRECTIONS)[number] })}>
                  {CONSENT_DIRECTIONS.map((d) => (
                    <option key={d} value={d}>
                      {t(`cases.direction.${d}`)}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset>
                <legend>{t('cases.categories')}</legend>
                {CONSENT_CATEGORIES.map((cat) => (
                  <label key={cat} className="checkbox">
                    <input
                      type="checkbox"
                      checked={consent.categories.includes(cat)}
                      onChange={(e) => setConsent({ ...consent, categories: e.target.checked ? [...consent.categories, cat] : consent.categories.filter((c) => c !== cat) })}
                    />
                    {t(`cases.category.${cat}`)}
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor={ids.purpose}>{t('cases.purpose')}</label>
                <input id={ids.purpose} required maxLength={500} value={consent.purpose} onChange={(e) => setConsent({ ...consent, purpose: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={ids.from}>{t('cases.validFrom')}</label>
                <input id={ids.from} type="date" required value={consent.validFrom} onChange={(e) => setConsent({ ...consent, validFrom: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={ids.to}>{t('cases.validTo')}</label>
                <input id={ids.to} type="date" required value={consent.validTo} onChange={(e) => setConsent({ ...consent, validTo: e.target.value })} />
              </div>
              <label className="checkbox">
                <input type="checkbox" checked={consent.guardianConsent} onChange={(e) => setConsent({ ...consent, guardianConsent: e.target.checked })} />
                {t('cases.guardian')}
              </label>
              <div className="field">
                <label htmlFor={ids.paper}>{t('cases.paper')}</label>
                <input id={ids.paper} required maxLength={200} value={consent.paperFiledAt} onChange={(e) => setConsent({ ...consent, paperFiledAt: e.target.value })} />
              </div>
              <div className="action-line">
                <button type="submit">{t('cases.addConsent')}</button>
                {lineAt('consent-form')}
              </div>
            </form>
          )}
        </>
      )}
      {team.canEdit && detail.status === 'active' && (
        <div className="form inline-form">
          <button type="button" onClick={() => void bridge.invoke('cases:flag-supervision', { caseId: detail.id, flagged: !detail.flaggedForSupervision }).then((r) => done(r, t('cases.flagChanged'), 'status'))}>
            {t(detail.flaggedForSupervision ? 'cases.unflag' : 'cases.flag')}
          </button>
          <div className="field">
            <label htmlFor={ids.outcome}>{t('cases.outcomeLabel')}</label>
            <select id={ids.outcome} value={outcome} onChange={(e) => setOutcome(e.target.value as (typeof OUTCOMES)[number])}>
              {OUTCOMES.filter((o) => o !== 'other').map((o) => (
                <option key={o} value={o}>
                  {t(`cases.outcome.${o}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={() => void bridge.invoke('cases:close', { caseId: detail.id, outcome, outcomeOther: '', date: localToday() }).then((r) => done(r, t('cases.closed'), 'status'))}>
            {t('cases.close')}
          </button>
        </div>
      )}
      {lineAt('status')}
    </section>
  );
}
