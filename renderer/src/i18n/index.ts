import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../shared/ipc/contract';
import en from './en.json';
import sv from './sv.json';

export const resources = { sv: { translation: sv }, en: { translation: en } } as const;

/** Swedish by default; English available. The choice itself is kept by main (settings:update). */
export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'sv',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = language;
  return instance;
}
