import { useTranslation } from 'react-i18next';
import { passwordStrength } from '../../../shared/passwords/strength';

/** The same estimate main enforces, shown while typing. */
export function StrengthMeter({ password, context, id }: { password: string; context: readonly string[]; id: string }) {
  const { t } = useTranslation();
  const strength = passwordStrength(password, context);
  return (
    <div id={id} className="strength" aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={password ? strength.level : 0} aria-label={t('strength.label')} />
      <span className={`strength-text strength-${strength.level}`}>{password ? t(`strength.l${strength.level}`) : t('strength.hint')}</span>
      {strength.guessable.length > 0 && <span className="help">{t('strength.guessable', { words: strength.guessable.join(', ') })}</span>}
    </div>
  );
}
