import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Machine policy, set by IT for every user of the PC and stronger than the user's own settings:
 * `/etc/teamvalv/config.json` (Linux, macOS) or `%ProgramData%\Teamvalv\config.json` (Windows).
 */
export const Policy = z
  .object({
    /** The data folder for everyone on this PC (e.g. a network share for the team). */
    dataDir: z.string().min(1).optional(),
    autoLock: z
      .object({
        defaultMinutes: z.number().int().min(1).max(120).default(5),
        /** The longest a chair may set for a meeting. */
        maxMinutes: z.number().int().min(1).max(240).default(30),
      })
      .strict()
      .refine((lock) => lock.defaultMinutes <= lock.maxMinutes, 'defaultMinutes must not exceed maxMinutes')
      .default({ defaultMinutes: 5, maxMinutes: 30 }),
    /** Where plaintext exports go when the user is not offered a choice. */
    exportDir: z.string().min(1).optional(),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;

export class PolicyError extends Error {
  override name = 'PolicyError';
}

export function defaultPolicyPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEAMVALV_POLICY_FILE) return path.resolve(env.TEAMVALV_POLICY_FILE);
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Teamvalv', 'config.json');
  return '/etc/teamvalv/config.json';
}

/**
 * No file: the defaults. A file that cannot be read or does not match: a PolicyError naming the
 * file and the problem — a half-read security policy must not silently fall back to defaults.
 */
export function loadPolicy(file: string = defaultPolicyPath()): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Policy.parse({});
    throw new PolicyError(`The machine policy ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Ask IT to fix it.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PolicyError(`The machine policy ${file} is not valid JSON. Ask IT to fix it.`);
  }
  const parsed = Policy.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new PolicyError(`The machine policy ${file} has errors: ${where}. Ask IT to fix it.`);
  }
  return parsed.data;
}
