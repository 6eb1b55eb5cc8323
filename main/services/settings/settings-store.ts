import fs from 'node:fs/promises';
import path from 'node:path';
import { Settings } from '../../../shared/ipc/contract';
import { writeFileAtomic } from '../../runtime/atomic-file';
import type { Logger } from '../../runtime/log';

export const SETTINGS_FILE = 'settings.json';
const DEFAULTS: Settings = { language: 'sv' };

/**
 * Machine-level UI preferences that are needed before unlock (the language of the unlock screen).
 * Nothing sensitive lives here. A missing or damaged file falls back to defaults and is logged.
 */
export class SettingsStore {
  readonly #file: string;
  readonly #logger: Logger;
  #cache: Settings | null = null;

  constructor(dataDir: string, logger: Logger) {
    this.#file = path.join(dataDir, SETTINGS_FILE);
    this.#logger = logger;
  }

  async get(): Promise<Settings> {
    if (this.#cache) return this.#cache;
    let text: string;
    try {
      text = await fs.readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return (this.#cache = DEFAULTS);
    }
    const parsed = Settings.safeParse(safeJson(text));
    if (!parsed.success) {
      this.#logger.log('warn', 'SettingsStore.get', 'settings file unreadable, using defaults');
      return (this.#cache = DEFAULTS);
    }
    return (this.#cache = parsed.data);
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = Settings.parse({ ...(await this.get()), ...patch });
    await writeFileAtomic(this.#file, `${JSON.stringify(next, null, 2)}\n`);
    this.#cache = next;
    return next;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
