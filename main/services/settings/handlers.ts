import type { DomainHandlers } from '../../ipc/registry';
import type { SettingsStore } from './settings-store';

export function settingsHandlers(store: SettingsStore): DomainHandlers {
  return {
    'settings:get': () => store.get(),
    'settings:update': (input) => store.update(input.language ? { language: input.language } : {}),
  };
}
