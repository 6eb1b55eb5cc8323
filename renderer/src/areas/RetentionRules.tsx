import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { RETENTION_KINDS, type RetentionKind, type RetentionRules as Rules, type RetentionView } from '../../../shared/retention/model';
import { errorMessage } from '../errors/messages';
import { Field } from '../ui/Field';
import { useInvoke } from '../ui/use-invoke';
import { useRetentionRefresh } from './gallring/refresh';
import { type Message, MessageLine } from '../app/MessageLine';

/**
 * Whether the rules are only a proposal (some team in use has no gallringsbeslut) and which teams
 * lack one, or which decisions they carry out. The decision is the authority's, not the admin's.
 */
function decidedText(t: TFunction, view: Pick<RetentionView, 'proposal' | 'decisions'>): string {
  if (!view.proposal) return t('retention.decided', { decisions: view.decisions.map((d) => t('retention.decisionItem', { team: d.teamName, reference: d.decisionReference ?? '' })).join('; ') });
  const missing = view.decisions.filter((d) => d.decisionReference === null).map((d) => d.teamName);
  return missing.length === 0 ? t('retention.proposalNoTeams') : t('retention.proposal', { teams: missing.join(', ') });
}

/**
 * Admin only: how long each kind of record is kept (months). The backup ladder follows the
 * shortest rule. Gallring by these rules (preview, confirmation, schedule) is in gallring/; saving
 * tells it (the refresh version), so no preview made under the old rules stays on screen. The
 * form shows once the stored rules have come; if they cannot be read, the section says why.
 */
export function RetentionRules() {
  const { t } = useTranslation();
  const loader = useInvoke();
  const saver = useInvoke();
  const { bump, version } = useRetentionRefresh();
  const [rules, setRules] = useState<Record<RetentionKind, string> | null>(null);
  const [minimum, setMinimum] = useState<Rules | null>(null);
  const [backupDays, setBackupDays] = useState<number | null>(null);
  const [decided, setDecided] = useState<Pick<RetentionView, 'proposal' | 'decisions'> | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const show = (view: RetentionView): void => {
    setDecided({ proposal: view.proposal, decisions: view.decisions });
    setRules(Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, String(view.rules[kind])])) as Record<RetentionKind, string>);
    setMinimum(view.minimum);
    setBackupDays(view.backupMaxDays);
  };
  const { invoke: load } = loader;
  useEffect(() => {
    // Again when something in gallring changed: a team's gallringsbeslut entered ends the proposal.
    void load('retention:rules', {}).then((r) => r?.ok && show(r.value));
  }, [load, version]);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!rules) return;
    const next = Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, Number(rules[kind])])) as Rules;
    const r = await saver.invoke('retention:set-rules', { rules: next });
    if (!r) return;
    if (!r.ok) return setMessage({ error: true, text: errorMessage(t, r.error) });
    show(r.value);
    setMessage({ error: false, text: t('retention.saved') });
    // What is due changed: a purge preview on screen is withdrawn, the status reloads.
    bump();
  };
  if (!rules || !minimum)
    return loader.error ? (
      <section aria-labelledby="retention-heading">
        <h2 id="retention-heading">{t('retention.title')}</h2>
        <p role="alert" className="error">
          {loader.error}
        </p>
      </section>
    ) : null;
  return (
    <section aria-labelledby="retention-heading">
      <h2 id="retention-heading">
        {t('retention.title')}
        {decided?.proposal && (
          <span className="proposal-label" data-testid="retention-proposal">
            {t('retention.proposalLabel')}
          </span>
        )}
      </h2>
      {decided && (
        <p className={decided.proposal ? 'notice' : 'help'} data-testid="retention-decision">
          {decidedText(t, decided)}
        </p>
      )}
      <p className="help">{t('retention.help', { days: backupDays })}</p>
      <form className="form" aria-label={t('retention.title')} onSubmit={(event) => void save(event)}>
        {RETENTION_KINDS.map((kind) => (
          <Field key={kind} label={t(`retention.kind.${kind}`)} type="number" min={minimum[kind]} max={1200} required value={rules[kind]} onChange={(e) => setRules({ ...rules, [kind]: e.target.value })} />
        ))}
        <button type="submit">{t('retention.save')}</button>
      </form>
      <MessageLine message={message} />
    </section>
  );
}
