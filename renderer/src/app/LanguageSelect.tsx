import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language, LANGUAGES } from '../../../shared/ipc/contract';
import { errorMessage } from '../errors/messages';
import { SelectField } from '../ui/SelectField';
import { useInvoke } from '../ui/use-invoke';

const NAMES: Record<Language, string> = { sv: 'Svenska', en: 'English' };

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/**
 * Saves the choice in main first, so the next start (and the unlock screen) opens in it too. Two
 * choices in quick succession: the page follows the latest one's answer, never an earlier one's.
 */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const saver = useInvoke();
  const [error, setError] = useState<string | null>(null);

  const change = async (language: string): Promise<void> => {
    if (!isLanguage(language)) return;
    const result = await saver.invoke('settings:update', { language });
    if (!result) return;
    if (!result.ok) {
      setError(t('settings.saveFailed', { reason: errorMessage(t, result.error) }));
      return;
    }
    setError(null);
    await i18n.changeLanguage(result.value.language);
    document.documentElement.lang = result.value.language;
  };

  return (
    <SelectField
      label={t('settings.language')}
      help={t('settings.languageHelp')}
      testId="language-select"
      value={i18n.language}
      onChange={(language) => void change(language)}
      options={LANGUAGES.map((language) => ({ value: language, label: NAMES[language], lang: language }))}
    >
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </SelectField>
  );
}
