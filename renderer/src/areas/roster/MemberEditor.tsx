import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountRow } from '../../../../shared/ipc/contract';
import type { IpcError } from '../../../../shared/ipc/errors';
import { PROFESSIONS, TEAM_ROLES } from '../../../../shared/roster/codes';
import type { Member, Profession, Team, TeamRole } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { Field } from '../../vault/Field';
import { type RosterBasics, localToday } from './use-roster';

interface Props {
  readonly basics: RosterBasics;
  /** null: a new member. */
  readonly member: Member | null;
  readonly activeTeams: readonly Team[];
  readonly defaultTeamId: string;
  readonly onClose: () => void;
  /** After a change: the parent reloads, keeps this member open and shows `notice`. */
  readonly onSaved: (member: Member, notice: string) => Promise<void>;
  /** The last change's confirmation (kept by the parent: saving a new member re-opens the editor). */
  readonly notice: string | null;
}

/** Adds or edits a member, their places and roles in teams, and records that they leave. */
export function MemberEditor({ basics, member, activeTeams, defaultTeamId, onClose, onSaved, notice }: Props) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = { profession: useId(), organisation: useId(), team: useId(), role: useId(), account: useId() };
  const own = basics.organisations.find((org) => org.isOwn);
  const [form, setForm] = useState({
    displayName: member?.displayName ?? '',
    profession: (member?.profession ?? 'socialsekreterare') as Profession,
    professionOther: member?.professionOther ?? '',
    organisationId: member?.organisationId ?? own?.id ?? '',
    phone: member?.phone ?? '',
    email: member?.email ?? '',
    activeFrom: member?.activeFrom ?? localToday(),
  });
  const manageable = activeTeams.filter((team) => basics.manages(team.id));
  const [place, setPlace] = useState<{ teamId: string; role: TeamRole; from: string }>({
    teamId: manageable.some((team) => team.id === defaultTeamId) ? defaultTeamId : (manageable[0]?.id ?? ''),
    role: 'member',
    from: localToday(),
  });
  const [leaveDate, setLeaveDate] = useState(localToday());
  const [accounts, setAccounts] = useState<AccountRow[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  // Chosen first, linked on the button: moving through the list with the arrow keys changes nothing.
  const [accountChoice, setAccountChoice] = useState(member?.accountId ?? '');

  useEffect(() => {
    if (!basics.roles.isAdmin || !member) return;
    void bridge.invoke('accounts:list', {}).then((result) => result.ok && setAccounts(result.value));
  }, [bridge, basics.roles.isAdmin, member]);

  const done = async (result: { ok: true; value: Member } | { ok: false; error: IpcError }, text: string): Promise<void> => {
    if (!result.ok) return setFailure(errorMessage(t, result.error));
    setFailure(null);
    await onSaved(result.value, text);
  };

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const input = {
      ...form,
      professionOther: form.profession === 'other' ? form.professionOther : '',
      ...(member ? { id: member.id } : {}),
      // A chair adds a member straight into a team they chair; an admin may add without a team.
      ...(!member && place.teamId ? { team: { teamId: place.teamId, role: place.role } } : {}),
    };
    await done(await bridge.invoke('roster:save-member', input), t('roster.saved', { name: form.displayName }));
  };

  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]): void => setForm({ ...form, [key]: value });
  const memberLeft = member ? member.activeTo !== null : false;

  return (
    <section className="notice editor" aria-labelledby="member-editor-heading" data-testid="member-editor">
      <h2 id="member-editor-heading">{member ? member.displayName : t('roster.addMember')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        <Field label={t('roster.col.name')} value={form.displayName} required maxLength={200} onChange={(e) => set('displayName', e.target.value)} />
        <div className="field">
          <label htmlFor={ids.profession}>{t('roster.col.profession')}</label>
          <select id={ids.profession} value={form.profession} onChange={(e) => set('profession', e.target.value as Profession)}>
            {PROFESSIONS.map((code) => (
              <option key={code} value={code}>
                {t(`roster.profession.${code}`)}
              </option>
            ))}
          </select>
        </div>
        {form.profession === 'other' && <Field label={t('roster.professionOther')} value={form.professionOther} maxLength={120} onChange={(e) => set('professionOther', e.target.value)} />}
        <div className="field">
          <label htmlFor={ids.organisation}>{t('roster.col.organisation')}</label>
          <select id={ids.organisation} value={form.organisationId} onChange={(e) => set('organisationId', e.target.value)}>
            {basics.organisations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        </div>
        <Field label={t('roster.col.phone')} type="tel" value={form.phone} maxLength={30} onChange={(e) => set('phone', e.target.value)} />
        <Field label={t('roster.col.email')} type="email" value={form.email} maxLength={254} onChange={(e) => set('email', e.target.value)} />
        <Field label={t('roster.activeFrom')} type="date" value={form.activeFrom} required onChange={(e) => set('activeFrom', e.target.value)} />
        {!member && manageable.length > 0 && <PlaceFields ids={ids} teams={manageable} place={place} onChange={setPlace} optional={basics.roles.isAdmin} withDate={false} />}
        <div className="row-actions">
          <button type="submit">{t('roster.save')}</button>
          <button type="button" onClick={onClose}>
            {t('roster.close')}
          </button>
        </div>
      </form>
      {failure ? (
        <p role="alert" className="error" data-testid="member-message">
          {failure}
        </p>
      ) : (
        notice && (
          <p role="status" className="notice" data-testid="member-message">
            {notice}
          </p>
        )
      )}
      {member && (
        <>
          <h3>{t('roster.places')}</h3>
          {member.memberships.length === 0 ? (
            <p>{t('roster.noPlaces')}</p>
          ) : (
            <ul data-testid="member-places">
              {member.memberships.map((m, index) => (
                <li key={`${m.teamId}:${m.activeFrom}:${index}`}>
                  {m.teamName}, {t(`roster.role.${m.role}`)}, {m.activeFrom} – {m.activeTo ?? ''}{' '}
                  {m.activeTo === null && basics.manages(m.teamId) && (
                    <button type="button" className="link-button" onClick={() => void bridge.invoke('roster:end-membership', { memberId: member.id, teamId: m.teamId, date: localToday() }).then((r) => done(r, t('roster.placeEnded')))}>
                      {t('roster.endPlace', { team: m.teamName })}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {!memberLeft && manageable.length > 0 && (
            <form
              className="form inline-form"
              aria-label={t('roster.setPlace')}
              onSubmit={(event) => {
                event.preventDefault();
                void bridge.invoke('roster:set-membership', { memberId: member.id, teamId: place.teamId, role: place.role, from: place.from }).then((r) => done(r, t('roster.placeSet')));
              }}
            >
              <PlaceFields ids={ids} teams={manageable} place={place} onChange={setPlace} optional={false} withDate />
              <button type="submit">{t('roster.setPlace')}</button>
            </form>
          )}
          {!memberLeft && (
            <form
              className="form inline-form"
              aria-label={t('roster.leaves')}
              onSubmit={(event) => {
                event.preventDefault();
                void bridge.invoke('roster:member-leaves', { memberId: member.id, date: leaveDate }).then((r) => done(r, t('roster.left', { name: member.displayName })));
              }}
            >
              <Field label={t('roster.lastDay')} type="date" value={leaveDate} required onChange={(e) => setLeaveDate(e.target.value)} />
              <button type="submit">{t('roster.leaves')}</button>
            </form>
          )}
          {basics.roles.isAdmin && (
            <form
              className="form inline-form"
              aria-label={t('roster.linkAccount')}
              onSubmit={(event) => {
                event.preventDefault();
                void bridge.invoke('roster:link-account', { memberId: member.id, accountId: accountChoice || null }).then((r) => done(r, t('roster.accountLinked')));
              }}
            >
              <div className="field">
                <label htmlFor={ids.account}>{t('roster.account')}</label>
                <select id={ids.account} value={accountChoice} onChange={(e) => setAccountChoice(e.target.value)}>
                  <option value="">{t('roster.noAccount')}</option>
                  {accounts.map((account) => (
                    <option key={account.id} value={account.id}>
                      {account.displayName} ({account.username})
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" disabled={accountChoice === (member.accountId ?? '')}>
                {t('roster.linkAccount')}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

function PlaceFields({
  ids,
  teams,
  place,
  onChange,
  optional,
  withDate,
}: {
  ids: { team: string; role: string };
  teams: readonly Team[];
  place: { teamId: string; role: TeamRole; from: string };
  onChange: (place: { teamId: string; role: TeamRole; from: string }) => void;
  optional: boolean;
  withDate: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={ids.team}>{t('roster.col.team')}</label>
        <select id={ids.team} value={place.teamId} onChange={(e) => onChange({ ...place, teamId: e.target.value })}>
          {optional && <option value="">{t('roster.noTeam')}</option>}
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.role}>{t('roster.col.role')}</label>
        <select id={ids.role} value={place.role} onChange={(e) => onChange({ ...place, role: e.target.value as TeamRole })}>
          {TEAM_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`roster.role.${role}`)}
            </option>
          ))}
        </select>
      </div>
      {withDate && <Field label={t('roster.col.from')} type="date" value={place.from} required onChange={(e) => onChange({ ...place, from: e.target.value })} />}
    </>
  );
}
