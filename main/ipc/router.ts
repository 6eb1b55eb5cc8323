import { type Channel, contract, isChannel, type ParsedInput } from '../../shared/ipc/contract';
import { AppError, type ErrorCode, type IpcErrorDetail, type IpcResult, fieldOf, isRefusalCode } from '../../shared/ipc/errors';
import type { Logger } from '../runtime/log';
import { checkAccess } from './permissions';
import type { HandlerRegistry } from './registry';
import type { CallerSession } from './session';

export interface Router {
  dispatch(channel: string, input: unknown, session: CallerSession): Promise<IpcResult<unknown>>;
}

/** What the page sees for a failure. Internal details stay in the log (without payload content). */
const PUBLIC_MESSAGES: Record<ErrorCode, string> = {
  unknown_channel: 'Unknown channel',
  invalid_input: 'Invalid input',
  unauthenticated: 'Not signed in',
  forbidden: 'Not permitted',
  not_found: 'Not found',
  conflict: 'Conflict',
  vault_locked: 'The vault is locked',
  too_many_attempts: 'Too many attempts; wait and try again',
  vault_held: 'The vault is open elsewhere',
  needs_confirmation: 'This needs your confirmation',
  private_notes_locked: 'Private notes are locked',
  packet_refused: 'The packet was refused',
  too_large: 'Request too large',
  storage_read_only: 'The data folder cannot be written',
  storage_full: 'The disk is full',
  storage_io: 'The disk reported an error',
  storage_corrupt: 'The vault database is damaged',
  header_damaged: 'The key-slot header is damaged',
  header_mismatch: 'The key-slot header and the database do not belong together',
  internal: 'Internal error',
};

// The field a zod failure names (shared, so the renderer's tests check every such key has a label).
export { fieldOf };

export interface RouterOptions {
  /**
   * Gives a typed error for a failure a handler did not translate itself — a full disk or a
   * damaged page met by any channel mid-session (app-core: the vault's storage failures) — or
   * null to leave it `internal`.
   */
  readonly explainFailure?: (error: unknown) => AppError | null;
}

/**
 * The one path every call takes, in both hosts: validate input -> resolve session (the transport
 * passes it) -> check permission -> handler -> validate output -> typed result. Bad input never
 * reaches a handler, so it changes nothing.
 */
export function createRouter(registry: HandlerRegistry, logger: Logger, options: RouterOptions = {}): Router {
  const missing = registry.missing();
  if (missing.length > 0) throw new Error(`createRouter: no handler for ${missing.join(', ')}`);

  const fail = (code: ErrorCode, message: string = PUBLIC_MESSAGES[code], detail?: IpcErrorDetail): IpcResult<never> => ({
    ok: false,
    error: detail ? { code, message, detail } : { code, message },
  });

  const explain = (error: unknown): AppError | null => {
    try {
      return options.explainFailure?.(error) ?? null;
    } catch {
      return null;
    }
  };

  return {
    async dispatch(channelName, rawInput, session) {
      if (!isChannel(channelName)) {
        // The name is attacker-controlled text: log only its length, not its content.
        logger.log('warn', 'router.dispatch', 'unknown channel', { nameLength: channelName.length, host: session.host });
        return fail('unknown_channel');
      }
      const channel: Channel = channelName;
      const spec = contract[channel];
      const parsed = spec.input.safeParse(rawInput);
      if (!parsed.success) {
        // Issue paths and codes only; zod messages may echo received values.
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}:${issue.code}`);
        logger.log('warn', 'router.dispatch', 'invalid input', { channel, issues: issues.join(',') });
        return fail('invalid_input', `Invalid input: ${issues.join(', ')}`, fieldOf(parsed.error.issues));
      }
      try {
        checkAccess(spec.access, session, channel);
        const handler = registry.get(channel);
        if (!handler) return fail('internal');
        // The registry keyed the handler by this channel, so the parsed input has the type it expects.
        const output = await handler(parsed.data as ParsedInput<Channel>, session);
        const checked = spec.output.safeParse(output);
        if (!checked.success) {
          logger.log('error', 'router.dispatch', 'handler output failed its schema', { channel });
          return fail('internal');
        }
        return { ok: true, value: checked.data };
      } catch (error) {
        if (error instanceof AppError) {
          logger.log('info', 'router.dispatch', 'refused', { channel, code: error.code });
          // tsc refuses such a refusal (AppError's overloads); one that got past it by a cast is a bug to fix, said in the log.
          if (isRefusalCode(error.code) && !error.detail?.reason && !error.detail?.field) logger.log('warn', 'router.dispatch', 'refusal without a reason or field', { channel, code: error.code });
          return fail(error.code, error.message, error.detail);
        }
        // Exception messages can carry data (SQL values, paths): log the class name only.
        const kind = error instanceof Error ? error.name : typeof error;
        const explained = explain(error);
        if (explained) {
          logger.log('error', 'router.dispatch', 'handler threw', { channel, kind, code: explained.code });
          return fail(explained.code, explained.message, explained.detail);
        }
        logger.log('error', 'router.dispatch', 'handler threw', { channel, kind });
        return fail('internal');
      }
    },
  };
}
