import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/ipc/contract';
import { LanguageSelect } from '../app/LanguageSelect';
import { ChangePassword } from '../vault/ChangePassword';
import { Accounts } from './Accounts';
import { AgeBands } from './AgeBands';
import { GuardNames } from './GuardNames';
import { RegisterExtract } from './RegisterExtract';
import { RetentionRules } from './RetentionRules';
import { EarlyGallring } from './gallring/EarlyGallring';
import { PurgeSection } from './gallring/PurgeSection';
import { TeamOwnership } from './gallring/TeamOwnership';

/** Settings' sections, in page order, and the element each link moves to. */
const SECTIONS = [
  { name: 'general', target: 'settings-general', admin: false },
  { name: 'accounts', target: 'settings-accounts', admin: true },
  { name: 'guard', target: 'settings-guard', admin: true },
  { name: 'extract', target: 'settings-extract', admin: true },
  { name: 'gallring', target: 'settings-gallring', admin: true },
] as const;

/**
 * Settings in sections, with a section menu at the top: each link moves to its section and puts
 * the focus there (in-page links, so the sections other screens link to stay where they are).
 */
export function Settings({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const isAdmin = account.roles.includes('admin');
  const sections = SECTIONS.filter((section) => isAdmin || !section.admin);
  const go = (event: MouseEvent<HTMLAnchorElement>, target: string): void => {
    // The app's URL never changes (App.tsx): move and focus here instead of following the anchor.
    event.preventDefault();
    const element = document.getElementById(target);
    element?.scrollIntoView({ block: 'start' });
    element?.focus({ preventScroll: true });
  };
  return (
    <>
      {sections.length > 1 && (
        <nav className="section-nav" aria-label={t('settings.sections')} data-testid="settings-sections">
          <ul>
            {sections.map((section) => (
              <li key={section.name}>
                <a href={`#${section.target}`} onClick={(event) => go(event, section.target)}>
                  {t(`settings.section.${section.name}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div id="settings-general" className="settings-section" tabIndex={-1}>
        <LanguageSelect />
        <section aria-labelledby="password-heading">
          <h2 id="password-heading">{t('password.title')}</h2>
          <ChangePassword account={account} required={false} onDone={() => undefined} />
        </section>
      </div>
      {isAdmin && (
        <>
          <div id="settings-accounts" className="settings-section" tabIndex={-1}>
            <Accounts />
          </div>
          <div id="settings-guard" className="settings-section" tabIndex={-1}>
            <GuardNames />
            <AgeBands />
          </div>
          <div id="settings-extract" className="settings-section" tabIndex={-1}>
            <RegisterExtract />
          </div>
          <div id="settings-gallring" className="settings-section" tabIndex={-1}>
            <TeamOwnership />
            <RetentionRules />
            <PurgeSection />
            <EarlyGallring />
          </div>
        </>
      )}
    </>
  );
}
