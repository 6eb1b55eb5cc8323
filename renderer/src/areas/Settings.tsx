import { LanguageSelect } from '../app/LanguageSelect';

export function Settings() {
  return <LanguageSelect />;
}
