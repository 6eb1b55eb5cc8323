import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';
import { type Message, MessageLine } from '../app/MessageLine';

/** Admin only: the team's own additions to the identifier guard's name list, one per line. */
export function GuardNames() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const id = useId();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message>(null);
  useEffect(() => {
    void bridge.invoke('guard:names', {}).then((result) => result.ok && setText(result.value.names.join('\n')));
  }, [bridge]);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('guard:set-names', { names: text.split('\n') });
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setText(result.value.names.join('\n'));
    setMessage({ error: false, text: t('guard.namesSaved', { count: result.value.names.length }) });
  };
  return (
    <section aria-labelledby="guard-names-heading">
      <h2 id="guard-names-heading">{t('guard.namesTitle')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        <div className="field">
          <label htmlFor={id}>{t('guard.namesLabel')}</label>
          <textarea id={id} rows={6} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-help`} />
          <p id={`${id}-help`} className="help">
            {t('guard.namesHelp')}
          </p>
        </div>
        <button type="submit">{t('guard.namesSave')}</button>
      </form>
      <MessageLine message={message} />
    </section>
  );
}
