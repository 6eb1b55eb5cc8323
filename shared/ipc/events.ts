import { z } from 'zod';
import { PresentSlide } from '../meetings/model';

/**
 * Events main pushes to the page (`window.teamvalv.on(event, cb)`). Payloads carry no case content.
 * - `host:shutdown`: the host is stopping; the page drops its data and says so.
 * - `session:ended`: this page's transport session ended (browser host); the page must be relaunched.
 * - `vault:locked`: the vault was locked; the page drops every piece of vault data it holds.
 * - `vault:audit-alarm`: the audit chain check after unlock raised the alarm; the page shows it.
 */
export const events = {
  'host:shutdown': z.object({ reason: z.enum(['signal', 'browser-closed', 'quit']) }),
  'session:ended': z.object({ reason: z.enum(['heartbeat-lost', 'closed', 'replaced']) }),
  /** Someone on another PC asks this one to lock the vault so they can open it. */
  'vault:release-requested': z.object({ username: z.string(), host: z.string(), at: z.string() }),
  /** Electron's projector window: the slide to show (sent only to that window). */
  'present:slide': PresentSlide,
  /** The vault is about to lock (idle, suspend, OS lock): blank the screen, flush drafts, then call `vault:flushed`. */
  'vault:locking': z.object({ reason: z.enum(['idle', 'suspend', 'os-lock']) }),
  /** The full walk of the audit chain after unlock found a break: the alarm stands (as `auditAlarm` in the status). */
  'vault:audit-alarm': z.object({ reason: z.string().max(1000) }),
  /**
   * The housekeeping after unlock (the scheduled gallring, then the automatic backup) started or
   * ended; the page shows a short status and reloads what depends on it. `cancelled`: the backup was
   * overtaken (the lock backs up instead).
   */
  'vault:housekeeping': z.object({ job: z.enum(['backup', 'gallring']), state: z.enum(['running', 'done', 'failed', 'cancelled']) }),
  'vault:locked': z.object({ reason: z.enum(['user', 'idle', 'page-closed', 'suspend', 'os-lock', 'shutdown', 'taken-over', 'error']) }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
