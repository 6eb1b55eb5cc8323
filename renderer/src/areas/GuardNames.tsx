import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { TextArea } from '../ui/TextArea';
import { useInvoke } from '../ui/use-invoke';
import { type Message, MessageLine } from '../app/MessageLine';

/**
 * Admin only: the team's own additions to the identifier guard's name list, one per line. The
 * stored list is loaded once; if the admin has started typing (or saved) before it came, it is
 * dropped rather than written over what she typed.
 */
export function GuardNames() {
  const { t } = useTranslation();
  const loader = useInvoke();
  const saver = useInvoke();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const { invoke: load, cancel: dropLoad } = loader;
  useEffect(() => {
    void load('guard:names', {}).then((result) => result?.ok && setText(result.value.names.join('\n')));
  }, [load]);
  const edit = (value: string): void => {
    dropLoad();
    setText(value);
  };
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    dropLoad();
    const result = await saver.invoke('guard:set-names', { names: text.split('\n') });
    if (!result) return;
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setText(result.value.names.join('\n'));
    setMessage({ error: false, text: t('guard.namesSaved', { count: result.value.names.length }) });
  };
  return (
    <section aria-labelledby="guard-names-heading">
      <h2 id="guard-names-heading">{t('guard.namesTitle')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        <TextArea label={t('guard.namesLabel')} help={t('guard.namesHelp')} minRows={6} value={text} onChange={edit} />
        <button type="submit">{t('guard.namesSave')}</button>
      </form>
      <MessageLine message={message} />
    </section>
  );
}
