import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_KINDS } from '../../../../shared/roster/codes';
import type { Organisation, OrganisationKind } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { useConfirm } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { type Message, Toast } from '../../ui/Toast';
import { useInvoke } from '../../ui/use-invoke';
import type { RosterBasics } from './use-roster';

/** The organisations the team's members come from; only an admin edits them. */
export function OrganisationsView({ basics }: { basics: RosterBasics }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Organisation | 'new' | null>(null);
  return (
    <>
      {basics.roles.isAdmin && (
        <div className="toolbar">
          <button type="button" onClick={() => setEditing('new')}>
            {t('roster.addOrganisation')}
          </button>
        </div>
      )}
      {editing && <OrganisationEditor key={editing === 'new' ? 'new' : editing.id} organisation={editing === 'new' ? null : editing} basics={basics} onClose={() => setEditing(null)} />}
      {basics.organisations.length === 0 && !basics.error && !editing && (
        <EmptyState
          testId="no-organisations"
          message={t(basics.roles.isAdmin ? 'roster.noOrganisations' : 'roster.noOrganisationsAsk')}
          action={basics.roles.isAdmin ? { label: t('roster.addOrganisationFirst'), onPress: () => setEditing('new') } : undefined}
        />
      )}
      <div className="table-scroll" role="region" aria-label={t('roster.tab.organisations')} tabIndex={0}>
        <table className="checks" data-testid="organisations-table">
          <thead>
            <tr>
              <th scope="col">{t('roster.orgName')}</th>
              <th scope="col">{t('roster.shortName')}</th>
              <th scope="col">{t('roster.orgNumber')}</th>
              <th scope="col">{t('roster.kindLabel')}</th>
              {basics.roles.isAdmin && (
                <th scope="col">
                  <span className="visually-hidden">{t('roster.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {basics.organisations.map((org) => (
              <tr key={org.id}>
                <th scope="row">
                  {org.name}
                  {org.isOwn ? ` (${t('roster.own')})` : ''}
                </th>
                <td>{org.shortName}</td>
                <td>{org.orgNumber}</td>
                <td>{t(`roster.kind.${org.kind}`)}</td>
                {basics.roles.isAdmin && (
                  <td>
                    <button type="button" onClick={() => setEditing(org)}>
                      {t('roster.editOrganisation', { name: org.name })}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function OrganisationEditor({ organisation, basics, onClose }: { organisation: Organisation | null; basics: RosterBasics; onClose: () => void }) {
  const { t } = useTranslation();
  // One line of changes (save, remove): the latest call's answer is the one shown.
  const calls = useInvoke();
  const { confirm, dialog } = useConfirm();
  const [form, setForm] = useState({
    name: organisation?.name ?? '',
    shortName: organisation?.shortName ?? '',
    orgNumber: organisation?.orgNumber ?? '',
    kind: organisation?.kind ?? ('other' as OrganisationKind),
  });
  const [message, setMessage] = useState<Message>(null);
  // Once a new organisation is saved, saving again changes it: a second click never makes a second one.
  // Its name as stored (not as the form has it now): what a removal removes and names.
  const [saved, setSaved] = useState<{ id: string; name: string } | null>(organisation ? { id: organisation.id, name: organisation.name } : null);
  const [removed, setRemoved] = useState(false);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    // A new organisation is made once: a click while its first save is on its way is not a second one.
    if (!saved && calls.busy) return;
    const result = await calls.invoke('roster:save-organisation', { ...form, ...(saved ? { id: saved.id } : {}) });
    if (!result) return;
    if (!result.ok) {
      const orgNumber = result.error.code === 'invalid_input' && (result.error.detail?.field ?? 'orgNumber') === 'orgNumber';
      setMessage({ error: true, text: orgNumber ? t('roster.orgInvalid') : errorMessage(t, result.error) });
      return;
    }
    setSaved({ id: result.value.id, name: result.value.name });
    setMessage({ error: false, text: t('roster.saved', { name: result.value.name }) });
    await basics.reload();
  };
  const remove = async (): Promise<void> => {
    if (!saved) return;
    const target = saved;
    const confirmed = await confirm({
      title: t('roster.removeOrganisation'),
      message: t('roster.removeOrganisationConfirm', { name: target.name }),
      confirmLabel: t('roster.removeOrganisationYes', { name: target.name }),
      cancelLabel: t('roster.removeOrganisationNo'),
      destructive: true,
      testId: 'remove-organisation-dialog',
    });
    if (!confirmed) return;
    const result = await calls.invoke('roster:remove-organisation', { organisationId: target.id });
    if (!result) return;
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setRemoved(true);
    setMessage({ error: false, text: t('roster.organisationRemoved', { name: target.name }) });
    await basics.reload();
  };
  return (
    <section className="notice editor" aria-labelledby="org-editor-heading" data-testid="organisation-editor">
      <h2 id="org-editor-heading">{organisation ? organisation.name : t('roster.addOrganisation')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        {/* A new organisation's form opens with the focus on its first field. */}
        <Field label={t('roster.orgName')} value={form.name} required maxLength={200} autoFocus={!organisation} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <Field label={t('roster.shortName')} value={form.shortName} maxLength={40} onChange={(e) => setForm({ ...form, shortName: e.target.value })} />
        <Field label={t('roster.orgNumber')} help={t('roster.orgNumberHelp')} value={form.orgNumber} required maxLength={13} onChange={(e) => setForm({ ...form, orgNumber: e.target.value })} />
        <SelectField
          label={t('roster.kindLabel')}
          value={form.kind}
          onChange={(kind) => setForm({ ...form, kind: kind as OrganisationKind })}
          options={ORGANISATION_KINDS.map((kind) => ({ value: kind, label: t(`roster.kind.${kind}`) }))}
        />
        <div className="row-actions action-row">
          <button type="submit" disabled={removed}>
            {t('roster.save')}
          </button>
          {saved && !organisation?.isOwn && !removed && (
            <button type="button" onClick={() => void remove()}>
              {t('roster.removeOrganisation')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('roster.close')}
          </button>
          <Toast message={message} testId="organisation-message" />
        </div>
      </form>
      {dialog}
    </section>
  );
}
