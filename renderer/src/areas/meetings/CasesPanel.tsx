import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bandAgainstEighteen, CONSENT_CATEGORIES, CONSENT_DIRECTIONS, EXITED_PHASES } from '../../../../shared/cases/codes';
import { CaseFacts, NO_START_FACTS, NewCaseFacts, type StartFacts, startFactsInput, useAgeBands } from './CaseFacts';
import type { CaseDetail, CaseSummary } from '../../../../shared/cases/model';
import { errorMessage } from '../../errors/messages';
import type { IpcError } from '../../../../shared/ipc/errors';
import { useBridge } from '../../ipc/bridge-context';
import { FolderPicker } from '../../app/FolderPicker';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextArea } from '../../ui/TextArea';
import { useInvoke } from '../../ui/use-invoke';
import { localToday } from '../roster/use-roster';
import type { TeamContext } from './use-team';
import { type Message, MessageLine } from '../../app/MessageLine';
import { CaseLifecycle } from './CaseLifecycle';
import { CodeSlip } from './CodeSlip';

type Category = (typeof CONSENT_CATEGORIES)[number];

const CLOSED_PAGE = 50;
/** The most `cases:list` answers at once (its contract's limit). */
const MAX_PAGE = 500;

/** The cases shown, with the team they belong to and whether more closed ones are left. */
interface Listed {
  readonly teamId: string;
  readonly cases: readonly CaseSummary[];
  readonly closedMore: boolean;
}

/** The team's cases: pseudonymous codes only, consents as dated per-organisation permissions. */
export function CasesPanel({ team, openCase: asked = null, onConsentsChanged }: { team: TeamContext; openCase?: { id: string; round: number } | null; onConsentsChanged?: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [listed, setListed] = useState<Listed>({ teamId: '', cases: [], closedMore: false });
  const [opened, setOpen] = useState<CaseDetail | null>(null);
  const [glassFor, setBreakGlass] = useState<CaseSummary | null>(null);
  const [glassReason, setGlassReason] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const own = team.organisations.find((org) => org.isOwn);
  // Where a new case starts (issue 20): raised, for the beredningsgrupp to take up, unless the team takes it on directly.
  const [startPhase, setStartPhase] = useState<'aktualiserad' | 'aktiv'>('aktualiserad');
  const [form, setForm] = useState({ ageBand: '20-24', consentMode: 'anonymous' as 'anonymous' | 'consent', raisedByOrganisationId: own?.id ?? '', ownerMemberId: '' });
  // The vault's configured age bands, and kön and income at start (issue 20, CaseFacts.tsx).
  const ageBands = useAgeBands(team.canEdit);
  const ageBand = ageBands.includes(form.ageBand) ? form.ageBand : (ageBands[0] ?? '');
  const [startFacts, setStartFacts] = useState<StartFacts>(NO_START_FACTS);
  // Only what belongs to the team shown: after a switch, nothing of the previous team's stays on screen.
  const { teamId } = team;
  const cases = listed.teamId === teamId ? listed.cases : [];
  const closedMore = listed.teamId === teamId && listed.closedMore;
  const open = opened?.teamId === teamId ? opened : null;
  const breakGlass = glassFor?.teamId === teamId ? glassFor : null;
  const ownerMemberId = team.members.some((m) => m.id === form.ownerMemberId) ? form.ownerMemberId : '';

  // The active cases, then the closed ones (the latest closed first) a page at a time: a team's
  // closed cases gather over the years, and a decade's would be slow to fetch and to read (issue 16).
  // One line of calls: a later load (another team, a reload after a change, the next page) drops
  // what an earlier one still waits for.
  const { invoke: invokeList } = useInvoke();
  const fetchClosed = useCallback(
    async (forTeam: string, offset: number, limit: number): Promise<{ cases: CaseSummary[]; more: boolean } | { error: IpcError } | null> => {
      // One more than asked for: whether there are more to show.
      const result = await invokeList('cases:list', { teamId: forTeam, status: 'closed', offset, limit: limit + 1 });
      if (!result) return null;
      return result.ok ? { cases: result.value.slice(0, limit), more: result.value.length > limit } : { error: result.error };
    },
    [invokeList],
  );
  /** The active cases and as many closed ones as were shown (at least a page), again: after a change, or on opening. */
  const load = useCallback(
    async (closedShown = 0) => {
      if (!teamId) return;
      const active = await invokeList('cases:list', { teamId, status: 'active' });
      if (!active) return;
      if (!active.ok) return setMessage({ error: true, text: errorMessage(t, active.error) });
      const closed: CaseSummary[] = [];
      let more = false;
      const wanted = Math.max(closedShown, CLOSED_PAGE);
      while (closed.length < wanted) {
        const page = await fetchClosed(teamId, closed.length, Math.min(wanted - closed.length, MAX_PAGE - 1));
        if (!page) return;
        if ('error' in page) return setMessage({ error: true, text: errorMessage(t, page.error) });
        closed.push(...page.cases);
        more = page.more;
        if (!more) break;
      }
      setListed({ teamId, cases: [...active.value, ...closed], closedMore: more });
    },
    [invokeList, fetchClosed, teamId, t],
  );
  const closedShown = cases.filter((c) => c.status === 'closed').length;
  /** The next page of closed cases, after those shown. */
  const showMoreClosed = async (): Promise<void> => {
    const page = await fetchClosed(teamId, closedShown, CLOSED_PAGE);
    if (!page) return;
    if ('error' in page) return setMessage({ error: true, text: errorMessage(t, page.error) });
    setListed((shown) => (shown.teamId === teamId ? { teamId, cases: [...shown.cases, ...page.cases], closedMore: page.more } : shown));
  };
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('cases:create', { teamId, ageBand, consentMode: form.consentMode, raisedByOrganisationId: form.raisedByOrganisationId || own?.id || '', ownerMemberId: ownerMemberId || null, phase: startPhase, ...startFactsInput(startFacts) });
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setStartFacts(NO_START_FACTS);
    setMessage({ error: false, text: t('cases.created', { code: result.value.code }) });
    setOpen(result.value);
    await load(closedShown);
  };

  // Opening one case, then another before the first answered: the last one opened is shown.
  const { invoke: invokeOpen } = useInvoke();
  const openCase = async (summary: Pick<CaseSummary, 'id'>): Promise<void> => {
    const result = await invokeOpen('cases:get', { caseId: summary.id });
    if (!result) return;
    if (result.ok) setOpen(result.value);
    else setMessage({ error: true, text: errorMessage(t, result.error) });
  };
  // A case asked for from elsewhere (the consent overview on the start view) opens on arrival, and
  // again each time it is asked for (a new round), not on every render.
  useEffect(() => {
    if (asked) void openCase({ id: asked.id });
  }, [asked]);

  return (
    <>
      <MessageLine message={message} testId="cases-message" />
      {team.canEdit && (
        <form className="form inline-form" aria-label={t('cases.new')} onSubmit={(event) => void create(event)}>
          <SelectField label={t('cases.ageBand')} value={ageBand} onChange={(band) => setForm({ ...form, ageBand: band })} options={ageBands.map((band) => ({ value: band, label: t('cases.years', { band: band.replace('-', '–') }) }))} />
          <NewCaseFacts value={startFacts} onChange={setStartFacts} />
          <SelectField
            label={t('cases.consentMode')}
            value={form.consentMode}
            onChange={(consentMode) => setForm({ ...form, consentMode: consentMode as 'anonymous' | 'consent' })}
            options={[
              { value: 'anonymous', label: t('cases.mode.anonymous') },
              { value: 'consent', label: t('cases.mode.consent') },
            ]}
          />
          <SelectField label={t('cases.raisedBy')} value={form.raisedByOrganisationId || own?.id || ''} onChange={(raisedByOrganisationId) => setForm({ ...form, raisedByOrganisationId })} options={team.organisations.map((org) => ({ value: org.id, label: org.name }))} />
          <SelectField
            label={t('cases.owner')}
            value={ownerMemberId}
            onChange={(owner) => setForm({ ...form, ownerMemberId: owner })}
            placeholder={t('meetings.choose')}
            options={team.members.filter((m) => m.activeTo === null).map((m) => ({ value: m.id, label: m.displayName }))}
          />
          <SelectField label={t('lifecycle.startPhase')} value={startPhase} onChange={(p) => setStartPhase(p === 'aktiv' ? 'aktiv' : 'aktualiserad')} options={(['aktualiserad', 'aktiv'] as const).map((p) => ({ value: p, label: t(`lifecycle.phase.${p}`) }))} />
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
                {c.phase ? t(`lifecycle.phase.${c.phase}`) : t(c.status === 'closed' ? 'cases.statusClosed' : 'cases.statusActive')}
                {c.outcome && c.phase && (EXITED_PHASES as readonly string[]).includes(c.phase) ? ` (${t(`cases.outcome.${c.outcome}`)})` : ''}
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
          <TextArea label={t('cases.breakGlassReason')} required minLength={10} maxLength={500} minRows={2} value={glassReason} onChange={setGlassReason} />
          <button type="submit">{t('cases.breakGlassConfirm')}</button>{' '}
          <button type="button" onClick={() => setBreakGlass(null)}>
            {t('meetings.notNow')}
          </button>
        </form>
      )}
      {open && <CaseEditor key={open.id} detail={open} team={team} onChange={(d) => { setOpen(d); onConsentsChanged?.(); void load(closedShown); }} />}
    </>
  );
}

/** Where in the case editor an answer is shown: beside the control that asked. */
type CasePlace = 'consents' | 'consent-form' | 'status' | 'paper';

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
  const [consent, setConsent] = useState({ organisationId: '', direction: 'both' as (typeof CONSENT_DIRECTIONS)[number], categories: [] as Category[], purpose: '', validFrom: localToday(), validTo: localToday(), guardianConsent: false, participantIsAdult: false, paperFiledAt: '' });
  // The consent whose samtyckesblankett is being saved (its folder picker open), and the day each
  // consent's signed form came back as typed (today until changed).
  const [formFor, setFormFor] = useState<string | null>(null);
  const [returnedOn, setReturnedOn] = useState<Record<string, string>>({});
  const saveForm = async (consentId: string, folder: string): Promise<void> => {
    const result = await bridge.invoke('cases:consent-form-pdf', { consentId, folder });
    if (!result.ok) return setSaid({ at: 'paper', message: { error: true, text: errorMessage(t, result.error) } });
    setFormFor(null);
    setSaid({ at: 'paper', message: { error: false, text: t('consents.formWritten', { file: result.value.file }) } });
  };
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
      <CodeSlip detail={detail} canEdit={team.canEdit} />
      <CaseFacts key={detail.id} detail={detail} canEdit={team.canEdit} onChange={onChange} />
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
                  {', '}
                  {c.paperReturnedOn ? t('consents.paperStatusBack', { date: c.paperReturnedOn }) : t('consents.paperStatusMissing')}{' '}
                  {team.canEdit && !c.withdrawnOn && (
                    <button type="button" className="link-button" onClick={() => void bridge.invoke('cases:withdraw-consent', { consentId: c.id, date: localToday() }).then((r) => done(r, t('cases.withdrawn'), 'consents'))}>
                      {t('cases.withdraw', { organisation: c.organisationName })}
                    </button>
                  )}
                  {!c.withdrawnOn && (
                    <div className="action-line">
                      <button type="button" aria-expanded={formFor === c.id} aria-label={t('consents.formPdfFor', { organisation: c.organisationName })} onClick={() => setFormFor(formFor === c.id ? null : c.id)}>
                        {t('consents.formPdf')}
                      </button>
                    </div>
                  )}
                  {formFor === c.id && (
                    <div className="notice">
                      <p>{t('consents.formWarning')}</p>
                      <FolderPicker busy={false} kind="other" onPick={(folder) => void saveForm(c.id, folder)} />
                    </div>
                  )}
                  {team.canEdit && !c.paperReturnedOn && !c.withdrawnOn && (
                    <form
                      className="form inline-form"
                      aria-label={t('consents.paperReturnedForm', { organisation: c.organisationName })}
                      onSubmit={(event) => {
                        event.preventDefault();
                        void bridge
                          .invoke('cases:consent-paper-returned', { consentId: c.id, date: returnedOn[c.id] ?? localToday() })
                          .then((r) => done(r, t('consents.paperReturnedDone'), 'paper'));
                      }}
                    >
                      <Field
                        label={t('consents.paperReturnedDate')}
                        type="date"
                        required
                        value={returnedOn[c.id] ?? localToday()}
                        onChange={(e) => setReturnedOn({ ...returnedOn, [c.id]: e.target.value })}
                      />
                      <button type="submit">{t('consents.paperReturnedSave')}</button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          )}
          {lineAt('consents')}
          {lineAt('paper')}
          {team.canEdit && (
            <form className="form" aria-label={t('cases.addConsent')} onSubmit={(event) => void addConsent(event)}>
              <SelectField label={t('cases.consentOrganisation')} required value={consent.organisationId} onChange={(organisationId) => setConsent({ ...consent, organisationId })} placeholder={t('meetings.choose')} options={team.organisations.map((org) => ({ value: org.id, label: org.name }))} />
              <SelectField
                label={t('cases.directionLabel')}
                value={consent.direction}
                onChange={(direction) => setConsent({ ...consent, direction: direction as (typeof CONSENT_DIRECTIONS)[number] })}
                options={CONSENT_DIRECTIONS.map((d) => ({ value: d, label: t(`cases.direction.${d}`) }))}
              />
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
              <Field label={t('cases.purpose')} required maxLength={500} value={consent.purpose} onChange={(e) => setConsent({ ...consent, purpose: e.target.value })} />
              <Field label={t('cases.validFrom')} type="date" required value={consent.validFrom} onChange={(e) => setConsent({ ...consent, validFrom: e.target.value })} />
              <Field label={t('cases.validTo')} type="date" required value={consent.validTo} onChange={(e) => setConsent({ ...consent, validTo: e.target.value })} />
              <label className="checkbox">
                <input type="checkbox" checked={consent.guardianConsent} onChange={(e) => setConsent({ ...consent, guardianConsent: e.target.checked })} />
                {t('cases.guardian')}
              </label>
              {bandAgainstEighteen(detail.ageBand) === 'straddles' && !consent.guardianConsent && (
                <label className="checkbox">
                  <input type="checkbox" checked={consent.participantIsAdult} onChange={(e) => setConsent({ ...consent, participantIsAdult: e.target.checked })} />
                  {t('cases.participantIsAdult')}
                </label>
              )}
              <Field label={t('cases.paper')} required maxLength={200} value={consent.paperFiledAt} onChange={(e) => setConsent({ ...consent, paperFiledAt: e.target.value })} />
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
        </div>
      )}
      {lineAt('status')}
      <CaseLifecycle detail={detail} team={team} onChange={onChange} />
    </section>
  );
}
