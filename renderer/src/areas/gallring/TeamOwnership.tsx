import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamOwnership as Owned } from '../../../../shared/retention/ownership';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { Field } from '../../ui/Field';
import { useInvoke } from '../../ui/use-invoke';
import { useRetentionRefresh } from './refresh';

const AUTHORITIES = 'ownership-authorities';

/**
 * Admin only: who owns each team's records — the personuppgiftsansvarig authority, the
 * arkivbildare and the authority's gallringsbeslut the retention rules follow (main keeps them as
 * text: main/retention/ownership.ts says why). The roster's organisations are offered as
 * suggestions. Saving tells the rest of the gallring screens (the rules stop being a proposal once
 * every team in use has a decision). Archived teams are left out: they do not decide that.
 */
export function TeamOwnership() {
  const { t } = useTranslation();
  const loader = useInvoke();
  const organisationsLoader = useInvoke();
  const { bump } = useRetentionRefresh();
  const [teams, setTeams] = useState<Owned[] | null>(null);
  const [organisations, setOrganisations] = useState<string[]>([]);
  const { invoke: load } = loader;
  const { invoke: loadOrganisations } = organisationsLoader;
  useEffect(() => {
    void load('retention:ownership', {}).then((r) => r?.ok && setTeams(r.value.filter((team) => !team.archived)));
    void loadOrganisations('roster:organisations', {}).then((r) => r?.ok && setOrganisations(r.value.map((o) => o.name)));
  }, [load, loadOrganisations]);
  const saved = (next: Owned): void => {
    setTeams((current) => current?.map((team) => (team.teamId === next.teamId ? next : team)) ?? null);
    bump();
  };
  return (
    <section aria-labelledby="ownership-heading" data-testid="team-ownership">
      <h2 id="ownership-heading">{t('ownership.title')}</h2>
      <p className="help">{t('ownership.help')}</p>
      {loader.error && (
        <p role="alert" className="error">
          {loader.error}
        </p>
      )}
      <datalist id={AUTHORITIES}>
        {organisations.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {teams && teams.length === 0 && <p className="help">{t('ownership.noTeams')}</p>}
      {teams?.map((team) => <OwnershipForm key={team.teamId} team={team} onSaved={saved} />)}
    </section>
  );
}

function OwnershipForm({ team, onSaved }: { team: Owned; onSaved: (team: Owned) => void }) {
  const { t } = useTranslation();
  const saver = useInvoke();
  const heading = useId();
  const [form, setForm] = useState({ controller: team.controller ?? '', archiveCreator: team.archiveCreator ?? '', decisionReference: team.decisionReference ?? '' });
  const [message, setMessage] = useState<Message>(null);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setMessage(null);
    const reference = form.decisionReference.trim();
    const r = await saver.invoke('retention:set-ownership', { teamId: team.teamId, controller: form.controller, archiveCreator: form.archiveCreator, decisionReference: reference === '' ? null : reference });
    if (!r) return;
    if (!r.ok) return setMessage({ error: true, text: errorMessage(t, r.error) });
    setMessage({ error: false, text: t('ownership.saved', { team: team.teamName }) });
    onSaved(r.value);
  };
  return (
    <form className="form ownership-form" aria-labelledby={heading} onSubmit={(event) => void save(event)} data-testid={`ownership-${team.teamName}`}>
      <h3 id={heading}>{team.teamName}</h3>
      <p className="help" data-testid="ownership-state">
        {team.decisionReference ? t('ownership.decided', { reference: team.decisionReference }) : t('ownership.proposal')}
      </p>
      <Field label={t('ownership.controller')} help={t('ownership.controllerHelp')} list={AUTHORITIES} required minLength={2} maxLength={150} value={form.controller} onChange={(e) => setForm({ ...form, controller: e.target.value })} />
      <Field label={t('ownership.archiveCreator')} help={t('ownership.archiveCreatorHelp')} list={AUTHORITIES} required minLength={2} maxLength={150} value={form.archiveCreator} onChange={(e) => setForm({ ...form, archiveCreator: e.target.value })} />
      <Field label={t('ownership.decisionReference')} help={t('ownership.decisionReferenceHelp')} minLength={3} maxLength={100} value={form.decisionReference} onChange={(e) => setForm({ ...form, decisionReference: e.target.value })} />
      <button type="submit" aria-disabled={saver.busy}>
        {t('ownership.save', { team: team.teamName })}
      </button>
      <MessageLine message={message} />
    </form>
  );
}
