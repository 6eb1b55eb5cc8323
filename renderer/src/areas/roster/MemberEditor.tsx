import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountRow } from '../../../../shared/ipc/contract';
import type { IpcError } from '../../../../shared/ipc/errors';
import { PROFESSIONS, TEAM_ROLES } from '../../../../shared/roster/codes';
import type { Member, Profession, Team, TeamRole } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { Toast } from '../../ui/Toast';
import { useWrites } from '../../ui/use-invoke';
import { type RosterBasics, localToday } from './use-roster';

/** Where in the editor a change was made: its message is shown beside that button. */
export type MemberAction = 'save' | 'places' | 'place' | 'leave' | 'account';
/** A change's confirmation, and the place it was made (kept by the parent: saving a new member re-opens the editor). */
export type MemberNotice = { readonly text: string; readonly at: MemberAction } | null;

interface Props {
  readonly basics: RosterBasics;
  /** null: a new member. */
  readonly member: Member | null;
  readonly activeTeams: readonly Team[];
  readonly defaultTeamId: string;
  readonly onClose: () => void;
  /** After a change: the parent reloads, keeps this member open and shows `notice`. */
  readonly onSaved: (member: Member, notice: NonNullable<MemberNotice>) => Promise<void>;
  /** The last change's confirmation. */
  readonly notice: MemberNotice;
}

/** Adds or edits a member, their places and roles in teams, and records that they leave. */
export function MemberEditor({ basics, member, activeTeams, defaultTeamId, onClose, onSaved, notice }: Props) {
  const { t } = useTranslation();
  const bridge = useBridge();
  // Each change its own line (save, places, leaving, account): a save's refusal is never hidden by
  // another change answered after it; two saves in a row show the second's answer.
  const writes = useWrites<MemberAction>();
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
  /** Each action's refusal, beside its own button, until that action succeeds. */
  const [failures, setFailures] = useState<Partial<Record<MemberAction, string>>>({});
  // Chosen first, linked on the button: moving through the list with the arrow keys changes nothing.
  const [accountChoice, setAccountChoice] = useState(member?.accountId ?? '');

  const memberId = member?.id ?? null;
  useEffect(() => {
    if (!basics.roles.isAdmin || !memberId) return undefined;
    let current = true; // an answer after the editor moved on is dropped
    void bridge.invoke('accounts:list', {}).then((result) => {
      if (current && result.ok) setAccounts(result.value);
    });
    return () => {
      current = false;
    };
  }, [bridge, basics.roles.isAdmin, memberId]);

  /** A change's answer: null (a later change was made since) is dropped. */
  const done = async (result: { ok: true; value: Member } | { ok: false; error: IpcError } | null, text: string, at: MemberAction): Promise<void> => {
    if (!result) return;
    if (!result.ok) return setFailures((old) => ({ ...old, [at]: errorMessage(t, result.error) }));
    setFailures(({ [at]: _done, ...others }) => others);
    await onSaved(result.value, { text, at });
  };
  /** The message shown beside the button of `at` (at most one place has it). */
  const toastAt = (at: MemberAction) => (
    <Toast message={failures[at] ? { error: true, text: failures[at] } : notice?.at === at ? { error: false, text: notice.text } : null} testId="member-message" />
  );

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    // A new member is made once: a click while the first save is on its way is not a second one.
    if (!member && writes.busy('save')) return;
    const input = {
      ...form,
      professionOther: form.profession === 'other' ? form.professionOther : '',
      ...(member ? { id: member.id } : {}),
      // A chair adds a member straight into a team they chair; an admin may add without a team.
      ...(!member && place.teamId ? { team: { teamId: place.teamId, role: place.role } } : {}),
    };
    const result = await writes.write('save', 'roster:save-member', input);
    await done(result, t('roster.saved', { name: result?.ok ? result.value.displayName : form.displayName }), 'save');
  };

  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]): void => setForm({ ...form, [key]: value });
  const memberLeft = member ? member.activeTo !== null : false;

  return (
    <section className="notice editor" aria-labelledby="member-editor-heading" data-testid="member-editor">
      <h2 id="member-editor-heading">{member ? member.displayName : t('roster.addMember')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        {/* A new member's form opens with the focus on the name. */}
        <Field label={t('roster.col.name')} value={form.displayName} required maxLength={200} autoFocus={!member} onChange={(e) => set('displayName', e.target.value)} />
        <SelectField
          label={t('roster.col.profession')}
          value={form.profession}
          onChange={(code) => set('profession', code as Profession)}
          options={PROFESSIONS.map((code) => ({ value: code, label: t(`roster.profession.${code}`) }))}
        />
        {form.profession === 'other' && <Field label={t('roster.professionOther')} value={form.professionOther} maxLength={120} onChange={(e) => set('professionOther', e.target.value)} />}
        <SelectField label={t('roster.col.organisation')} value={form.organisationId} onChange={(id) => set('organisationId', id)} options={basics.organisations.map((org) => ({ value: org.id, label: org.name }))} />
        <Field label={t('roster.col.phone')} type="tel" value={form.phone} maxLength={30} onChange={(e) => set('phone', e.target.value)} />
        <Field label={t('roster.col.email')} type="email" value={form.email} maxLength={254} onChange={(e) => set('email', e.target.value)} />
        <Field label={t('roster.activeFrom')} type="date" value={form.activeFrom} required onChange={(e) => set('activeFrom', e.target.value)} />
        {!member && manageable.length > 0 && <PlaceFields teams={manageable} place={place} onChange={setPlace} optional={basics.roles.isAdmin} withDate={false} />}
        <div className="row-actions action-row">
          <button type="submit">{t('roster.save')}</button>
          <button type="button" onClick={onClose}>
            {t('roster.close')}
          </button>
          {toastAt('save')}
        </div>
      </form>
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
                    <button type="button" className="link-button" onClick={() => void writes.write('places', 'roster:end-membership', { memberId: member.id, teamId: m.teamId, date: localToday() }).then((r) => done(r, t('roster.placeEnded'), 'places'))}>
                      {t('roster.endPlace', { team: m.teamName })}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {toastAt('places')}
          {(memberLeft || manageable.length === 0) && toastAt('place')}
          {!memberLeft && manageable.length > 0 && (
            <form
              className="form inline-form"
              aria-label={t('roster.setPlace')}
              onSubmit={(event) => {
                event.preventDefault();
                void writes.write('place', 'roster:set-membership', { memberId: member.id, teamId: place.teamId, role: place.role, from: place.from }).then((r) => done(r, t('roster.placeSet'), 'place'));
              }}
            >
              <PlaceFields teams={manageable} place={place} onChange={setPlace} optional={false} withDate />
              <button type="submit">{t('roster.setPlace')}</button>
              {toastAt('place')}
            </form>
          )}
          {/* Once the member has left the form is gone, and its message stays where it was. */}
          {memberLeft && toastAt('leave')}
          {!memberLeft && (
            <form
              className="form inline-form"
              aria-label={t('roster.leaves')}
              onSubmit={(event) => {
                event.preventDefault();
                void writes.write('leave', 'roster:member-leaves', { memberId: member.id, date: leaveDate }).then((r) => done(r, t('roster.left', { name: member.displayName }), 'leave'));
              }}
            >
              <Field label={t('roster.lastDay')} type="date" value={leaveDate} required onChange={(e) => setLeaveDate(e.target.value)} />
              <button type="submit">{t('roster.leaves')}</button>
              {toastAt('leave')}
            </form>
          )}
          {basics.roles.isAdmin && (
            <form
              className="form inline-form"
              aria-label={t('roster.linkAccount')}
              onSubmit={(event) => {
                event.preventDefault();
                void writes.write('account', 'roster:link-account', { memberId: member.id, accountId: accountChoice || null }).then((r) => done(r, t('roster.accountLinked'), 'account'));
              }}
            >
              <SelectField
                label={t('roster.account')}
                value={accountChoice}
                onChange={setAccountChoice}
                placeholder={t('roster.noAccount')}
                options={accounts.map((account) => ({ value: account.id, label: `${account.displayName} (${account.username})` }))}
              />
              <button type="submit" disabled={accountChoice === (member.accountId ?? '')}>
                {t('roster.linkAccount')}
              </button>
              {toastAt('account')}
            </form>
          )}
        </>
      )}
    </section>
  );
}

function PlaceFields({
  teams,
  place,
  onChange,
  optional,
  withDate,
}: {
  teams: readonly Team[];
  place: { teamId: string; role: TeamRole; from: string };
  onChange: (place: { teamId: string; role: TeamRole; from: string }) => void;
  optional: boolean;
  withDate: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        label={t('roster.col.team')}
        value={place.teamId}
        onChange={(teamId) => onChange({ ...place, teamId })}
        placeholder={optional ? t('roster.noTeam') : undefined}
        options={teams.map((team) => ({ value: team.id, label: team.name }))}
      />
      <SelectField label={t('roster.col.role')} value={place.role} onChange={(role) => onChange({ ...place, role: role as TeamRole })} options={TEAM_ROLES.map((role) => ({ value: role, label: t(`roster.role.${role}`) }))} />
      {withDate && <Field label={t('roster.col.from')} type="date" value={place.from} required onChange={(e) => onChange({ ...place, from: e.target.value })} />}
    </>
  );
}
