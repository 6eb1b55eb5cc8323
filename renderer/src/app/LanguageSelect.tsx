import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language, LANGUAGES } from '../../../shared/ipc/contract';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';

const NAMES: Record<Language, string> = { sv: 'Svenska', en: 'English' };

/** Saves the choice in main first, so the next start (and the unlock screen) opens in it too. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const bridge = useBridge();
  const id = useId();
  const [error, setError] = useState<string | null>(null);

  const change = async (language: Language): Promise<void> => {
    const result = await bridge.invoke('settings:update', { language });
    if (!result.ok) {
      setError(t('settings.saveFailed', { reason: errorMessage(t, result.error) }));
      return;
    }
    setError(null);
    await i18n.changeLanguage(result.value.language);
    document.documentElement.lang = result.value.language;
  };

  return (
    <div className="field">
      <label htmlFor={id}>{t('settings.language')}</label>
      <select
        id={id}
        data-testid="language-select"
        value={i18n.language}
        aria-describedby={`${id}-help`}
        onChange={(event) => void change(event.target.value as Language)}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {NAMES[language]}
          </option>
        ))}
      </select>
      <p id={`${id}-help`} className="help">
        {t('settings.languageHelp')}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
