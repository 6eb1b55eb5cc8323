import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/ipc/contract';
import { LanguageSelect } from '../app/LanguageSelect';
import { ChangePassword } from '../vault/ChangePassword';
import { Accounts } from './Accounts';
import { GuardNames } from './GuardNames';
import { RegisterExtract } from './RegisterExtract';
import { RetentionRules } from './RetentionRules';
import { EarlyGallring } from './gallring/EarlyGallring';
import { PurgeSection } from './gallring/PurgeSection';

export function Settings({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  return (
    <>
      <LanguageSelect />
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t('password.title')}</h2>
        <ChangePassword account={account} required={false} onDone={() => undefined} />
      </section>
      {account.roles.includes('admin') && <Accounts />}
      {account.roles.includes('admin') && <GuardNames />}
      {account.roles.includes('admin') && <RegisterExtract />}
      {account.roles.includes('admin') && <RetentionRules />}
      {account.roles.includes('admin') && <PurgeSection />}
      {account.roles.includes('admin') && <EarlyGallring />}
    </>
  );
}
