import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_KINDS } from '../../../../shared/roster/codes';
import type { Organisation, OrganisationKind } from '../../../../shared/roster/model';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { Field } from '../../vault/Field';
import type { RosterBasics } from './use-roster';
import { type Message, MessageLine } from '../../app/MessageLine';

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
  const bridge = useBridge();
  const kindId = useId();
  const [form, setForm] = useState({
    name: organisation?.name ?? '',
    shortName: organisation?.shortName ?? '',
    orgNumber: organisation?.orgNumber ?? '',
    kind: organisation?.kind ?? ('other' as OrganisationKind),
  });
  const [message, setMessage] = useState<Message>(null);
  // Once a new organisation is saved, saving again changes it: a second click never makes a second one.
  const [savedId, setSavedId] = useState<string | null>(organisation?.id ?? null);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const [removed, setRemoved] = useState(false);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('roster:save-organisation', { ...form, ...(savedId ? { id: savedId } : {}) });
    if (!result.ok) {
      const orgNumber = result.error.code === 'invalid_input' && (result.error.detail?.field ?? 'orgNumber') === 'orgNumber';
      setMessage({ error: true, text: orgNumber ? t('roster.orgInvalid') : errorMessage(t, result.error) });
      return;
    }
    setSavedId(result.value.id);
    setMessage({ error: false, text: t('roster.saved', { name: result.value.name }) });
    await basics.reload();
  };
  const remove = async (): Promise<void> => {
    if (!savedId) return;
    setConfirmingRemoval(false);
    const result = await bridge.invoke('roster:remove-organisation', { organisationId: savedId });
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setRemoved(true);
    setMessage({ error: false, text: t('roster.organisationRemoved', { name: form.name }) });
    await basics.reload();
  };
  return (
    <section className="notice editor" aria-labelledby="org-editor-heading" data-testid="organisation-editor">
      <h2 id="org-editor-heading">{organisation ? organisation.name : t('roster.addOrganisation')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        <Field label={t('roster.orgName')} value={form.name} required maxLength={200} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <Field label={t('roster.shortName')} value={form.shortName} maxLength={40} onChange={(e) => setForm({ ...form, shortName: e.target.value })} />
        <Field label={t('roster.orgNumber')} help={t('roster.orgNumberHelp')} value={form.orgNumber} required maxLength={13} onChange={(e) => setForm({ ...form, orgNumber: e.target.value })} />
        <div className="field">
          <label htmlFor={kindId}>{t('roster.kindLabel')}</label>
          <select id={kindId} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as OrganisationKind })}>
            {ORGANISATION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`roster.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="row-actions">
          <button type="submit" disabled={removed}>
            {t('roster.save')}
          </button>
          {savedId && !organisation?.isOwn && !removed && (
            <button type="button" aria-expanded={confirmingRemoval} onClick={() => setConfirmingRemoval(!confirmingRemoval)}>
              {t('roster.removeOrganisation')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('roster.close')}
          </button>
        </div>
        {confirmingRemoval && (
          <div className="notice" role="group" aria-label={t('roster.removeOrganisation')}>
            <p>{t('roster.removeOrganisationConfirm', { name: form.name })}</p>
            <div className="row-actions">
              <button type="button" onClick={() => void remove()}>
                {t('roster.removeOrganisationYes', { name: form.name })}
              </button>
              <button type="button" onClick={() => setConfirmingRemoval(false)}>
                {t('roster.removeOrganisationNo')}
              </button>
            </div>
          </div>
        )}
      </form>
      <MessageLine message={message} testId="organisation-message" />
    </section>
  );
}
