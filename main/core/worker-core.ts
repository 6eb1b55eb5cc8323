import { Worker } from 'node:worker_threads';
import { events, isEventName } from '../../shared/ipc/events';
import type { IpcResult } from '../../shared/ipc/errors';
import { EventHub } from '../ipc/event-hub';
import { channelBoundsTable, inputBounds } from '../ipc/input-bounds';
import { shapeRefusal, valueShapeViolation } from '../ipc/json-shape';
import type { Logger } from '../runtime/log';
import type { LockReason } from '../vault/vault-manager';
import type { CorePort } from './core-port';
import { answerHostCall, type HostChannelHandlers } from './host-channels';
import type { CoreConfig, FromCore, ToCore } from './protocol';

export class CoreStartError extends Error {
  constructor(readonly reason: string) {
    super(`The core worker did not start (${reason})`);
    this.name = 'CoreStartError';
  }
}

export interface CoreWorkerOptions {
  /** The worker bundle: out/main/core-worker.mjs in the product, a test bundle in e2e. */
  readonly script: string | URL;
  readonly config: CoreConfig;
  readonly logger: Logger;
  /**
   * The window work of the host channels (Electron). The worker's router checks each call first
   * and asks for this in the middle of it; without it the core answers them itself.
   */
  readonly hostChannels?: HostChannelHandlers;
  /**
   * How long a message waits for the worker's answer before it is answered for it (calls:
   * `internal`) and forgotten; a late answer is dropped. Long enough for any real call (a key
   * rotation re-encrypting the backups), short enough that a hung worker does not collect them.
   */
  readonly callTimeoutMs?: number;
  /** Tests fire the timeouts by hand. */
  readonly timers?: CallTimers;
}

export interface CallTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: CallTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A message waiting for its answer. It holds only how to answer: never the input, which is
 * cloned to the worker when sent and not kept on this side.
 */
interface Pending {
  readonly resolve: (message: FromCore) => void;
  readonly fallback: FromCore;
  /** The page session of a call (null for lock and close). */
  readonly sessionId: string | null;
  readonly timer: unknown;
}

const DEFAULT_CALL_TIMEOUT_MS = 10 * 60_000;

/** How often a worker that will not start is tried again before calls are answered `internal` for good. */
const MAX_FAILED_STARTS = 3;

const CORE_STOPPED: IpcResult<never> = { ok: false, error: { code: 'internal', message: 'The core stopped' } };
const TIMED_OUT: IpcResult<never> = { ok: false, error: { code: 'internal', message: 'The core did not answer in time' } };
const NOT_CLONEABLE: IpcResult<never> = { ok: false, error: { code: 'invalid_input', message: 'Invalid input: cannot be sent to the core' } };
const SESSION_ENDED: IpcResult<never> = { ok: false, error: { code: 'unauthenticated', message: 'The session ended' } };

const resultOf = (reply: FromCore): IpcResult<unknown> => (reply.kind === 'reply' ? reply.result : CORE_STOPPED);

/**
 * The host's side of the core worker. Calls become messages and come back as replies; events come
 * back checked against the contract. If the worker dies (a native crash, an out-of-memory), every
 * call in flight is answered with `internal`, the pages are told the vault is locked — its key
 * died with the thread — and a fresh worker starts with the vault locked.
 */
export class WorkerCore implements CorePort {
  readonly #options: CoreWorkerOptions;
  readonly #events = new EventHub();
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | null = null;
  #ready: Promise<void>;
  #nextId = 1;
  #closing = false;
  #closed: Promise<void> | null = null;
  #restarts = 0;
  #failedStarts = 0;

  private constructor(options: CoreWorkerOptions) {
    this.#options = options;
    this.#ready = this.#spawn();
  }

  static async start(options: CoreWorkerOptions): Promise<WorkerCore> {
    // Every channel's input bounds, computed now: a contract with an unbounded channel stops the start.
    channelBoundsTable();
    const core = new WorkerCore(options);
    await core.#ready;
    return core;
  }

  /** How many times a dead worker was replaced (shown by tests and the log). */
  get restarts(): number {
    return this.#restarts;
  }

  /** Messages sent and not yet answered (tests check that every failure path empties it). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Not `async` on purpose: once the message is posted nothing on this side refers to `input`
   * (a suspended async frame would keep it until the answer). Input deeper, fuller or larger than
   * the channel accepts is refused here, before the structured clone; so is input that cannot be
   * cloned.
   */
  call(channel: string, input: unknown, sessionId: string): Promise<IpcResult<unknown>> {
    const violation = valueShapeViolation(input, inputBounds(channel));
    if (violation) {
      this.#options.logger.log('warn', 'WorkerCore.call', 'input refused before the core', { violation, channelLength: channel.length });
      return Promise.resolve(shapeRefusal(violation));
    }
    return this.#request((id) => ({ kind: 'call', id, channel, input, sessionId }), { kind: 'reply', id: 0, result: CORE_STOPPED }, sessionId).then(resultOf);
  }

  async lock(reason: LockReason): Promise<void> {
    await this.#request((id) => ({ kind: 'lock', id, reason }), { kind: 'done', id: 0 }, null);
  }

  /**
   * A page session ended: its calls still waiting are answered `unauthenticated` and forgotten
   * here (the worker may still be running one; its answer is dropped).
   */
  endSession(sessionId: string): void {
    for (const [id, pending] of this.#pending) {
      if (pending.sessionId === sessionId) this.#settle(id, { kind: 'reply', id, result: SESSION_ENDED });
    }
  }

  tick(): void {
    void this.#whenReady().then((worker) => worker?.postMessage({ kind: 'tick' } satisfies ToCore));
  }

  subscribe(listener: Parameters<EventHub['subscribe']>[0]): () => void {
    return this.#events.subscribe(listener);
  }

  /**
   * Locks the vault in the worker, then stops it. From the first call on, nothing new is sent;
   * calls already queued in the worker run before the lock (they arrived first), and anything
   * still unanswered when the thread stops is answered `internal`. Calling it twice is one close.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing = true;
      await this.#ready.catch(() => undefined);
      const worker = this.#worker;
      if (worker) {
        await this.#send(worker, (id) => ({ kind: 'close', id }), { kind: 'done', id: 0 }, null);
        await worker.terminate();
      }
      this.#worker = null;
      this.#answerPending();
    })();
    return this.#closed;
  }

  /** The live worker, after a failed (re)start tried once more (a few times in all); null if none. */
  async #whenReady(): Promise<Worker | null> {
    try {
      await this.#ready;
    } catch {
      if (this.#closing || this.#failedStarts >= MAX_FAILED_STARTS) return null;
      this.#failedStarts += 1;
      this.#ready = this.#spawn();
      try {
        await this.#ready;
      } catch {
        return null;
      }
    }
    return this.#closing ? null : this.#worker;
  }

  async #request(make: (id: number) => ToCore, fallback: FromCore, sessionId: string | null): Promise<FromCore> {
    if (this.#closing) return fallback;
    const worker = await this.#whenReady();
    if (!worker) return fallback;
    return this.#send(worker, make, fallback, sessionId);
  }

  #send(worker: Worker, make: (id: number) => ToCore, fallback: FromCore, sessionId: string | null): Promise<FromCore> {
    const id = this.#nextId++;
    // The answer's closures (resolve, the timeout) are made in #expect, out of reach of `make` and
    // the message: a closure made here would keep the input alive as long as the call waits.
    const answer = this.#expect(id, fallback, sessionId);
    try {
      worker.postMessage(make(id));
    } catch (error) {
      // A value the structured clone refuses (or one that overflows its stack): answered, forgotten.
      this.#options.logger.log('warn', 'WorkerCore', 'message could not be sent to the core', { kind: error instanceof Error ? error.name : typeof error });
      this.#settle(id, fallback.kind === 'reply' ? { kind: 'reply', id, result: NOT_CLONEABLE } : fallback);
    }
    return answer;
  }

  #expect(id: number, fallback: FromCore, sessionId: string | null): Promise<FromCore> {
    const timers = this.#options.timers ?? systemTimers;
    const timedOut: FromCore = fallback.kind === 'reply' ? { kind: 'reply', id, result: TIMED_OUT } : fallback;
    return new Promise<FromCore>((resolve) => {
      const timer = timers.setTimeout(() => {
        this.#options.logger.log('error', 'WorkerCore', 'the core did not answer in time', { kind: fallback.kind });
        this.#settle(id, timedOut);
      }, this.#options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
      this.#pending.set(id, { resolve, fallback, sessionId, timer });
    });
  }

  /** Answers one waiting message and forgets it; a second answer for the same id finds nothing. */
  #settle(id: number, message: FromCore): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    (this.#options.timers ?? systemTimers).clearTimeout(pending.timer);
    pending.resolve(message);
  }

  #answerPending(): void {
    for (const [id, pending] of [...this.#pending]) this.#settle(id, pending.fallback);
  }

  #spawn(): Promise<void> {
    const config = { ...this.#options.config, hostChannels: this.#options.hostChannels !== undefined };
    const worker = new Worker(this.#options.script, { workerData: config });
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (message: FromCore) => {
        switch (message.kind) {
          case 'ready':
            started = true;
            this.#worker = worker;
            this.#failedStarts = 0;
            resolve();
            return;
          case 'start-failed':
            reject(new CoreStartError(message.errorName));
            void worker.terminate();
            return;
          case 'reply':
          case 'done':
            this.#settle(message.id, message);
            return;
          case 'event':
            this.#forward(message.event, message.payload);
            return;
          case 'host-call':
            void answerHostCall(this.#options.hostChannels, message.channel, message.input).then((answer) => {
              try {
                worker.postMessage({ kind: 'host-reply', id: message.id, ...answer } satisfies ToCore);
              } catch {
                worker.postMessage({ kind: 'host-reply', id: message.id, ok: false } satisfies ToCore);
              }
            });
            return;
        }
      });
      worker.on('error', (error) => {
        this.#options.logger.log('error', 'WorkerCore', 'core worker failed', { kind: error.name });
      });
      worker.on('exit', (code) => {
        if (!started) {
          reject(new CoreStartError(`exit ${code}`));
          return;
        }
        if (this.#closing) {
          this.#answerPending();
          return;
        }
        if (this.#worker !== worker) return;
        this.#lost(code);
      });
    });
  }

  #lost(code: number): void {
    this.#options.logger.log('error', 'WorkerCore', 'core worker stopped; starting a new one, vault locked', { code });
    this.#worker = null;
    this.#answerPending();
    this.#events.emit('vault:locked', { reason: 'error' });
    this.#restarts += 1;
    this.#ready = this.#spawn();
    this.#ready.catch(() => this.#options.logger.log('error', 'WorkerCore', 'the new core worker did not start'));
  }

  #forward(name: string, payload: unknown): void {
    if (!isEventName(name)) return;
    const checked = events[name].safeParse(payload);
    if (checked.success) this.#events.emit(name, checked.data);
  }
}

export function startCoreWorker(options: CoreWorkerOptions): Promise<WorkerCore> {
  return WorkerCore.start(options);
}
