import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ageBandLabels } from '../../../shared/cases/codes';
import { AgeBandBounds } from '../../../shared/cases/facts';
import { type Message, MessageLine } from '../app/MessageLine';
import { errorMessage } from '../errors/messages';
import { Field } from '../ui/Field';
import { useInvoke } from '../ui/use-invoke';

/** "16, 20, 25, 30" → [16, 20, 25, 30], or null when it is not a valid set of bands (the same rule main checks). */
export function parseBounds(text: string): number[] | null {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  if (!parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  const parsed = AgeBandBounds.safeParse(parts.map(Number));
  return parsed.success ? parsed.data : null;
}

const show = (labels: readonly string[]): string => labels.map((label) => label.replace('-', '–')).join(', ');

/**
 * Admin only: the age bands new cases take (issue 20), as their ascending lower bounds; the last
 * band is open ("30+"). Older cases keep their band; the follow-up shows those as older bands.
 */
export function AgeBands() {
  const { t } = useTranslation();
  const loader = useInvoke();
  const saver = useInvoke();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const { invoke: load, cancel: dropLoad } = loader;
  useEffect(() => {
    void load('cases:age-bands', {}).then((result) => result?.ok && setText(result.value.bounds.join(', ')));
  }, [load]);
  const bounds = parseBounds(text);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    dropLoad();
    if (!bounds) return setMessage({ error: true, text: t('facts.ageBandsInvalid') });
    const result = await saver.invoke('cases:set-age-bands', { bounds });
    if (!result) return;
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setText(result.value.bounds.join(', '));
    setMessage({ error: false, text: t('facts.ageBandsSaved', { labels: show(result.value.labels) }) });
  };
  return (
    <section aria-labelledby="age-bands-heading">
      <h2 id="age-bands-heading">{t('facts.ageBandsTitle')}</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        <Field
          label={t('facts.ageBandsLabel')}
          help={t('facts.ageBandsHelp')}
          value={text}
          inputMode="numeric"
          onChange={(event) => {
            dropLoad();
            setText(event.target.value);
          }}
          error={text && !bounds ? t('facts.ageBandsInvalid') : null}
        />
        {bounds && <p className="help">{t('facts.ageBandsPreview', { labels: show(ageBandLabels(bounds)) })}</p>}
        <button type="submit" disabled={saver.busy}>
          {t('facts.ageBandsSave')}
        </button>
      </form>
      <MessageLine message={message} />
    </section>
  );
}
