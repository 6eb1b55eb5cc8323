import { Worker } from 'node:worker_threads';
import { events, isEventName } from '../../shared/ipc/events';
import type { IpcResult } from '../../shared/ipc/errors';
import { EventHub } from '../ipc/event-hub';
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
}

type Pending = { readonly resolve: (message: FromCore) => void; readonly fallback: FromCore };

/** How often a worker that will not start is tried again before calls are answered `internal` for good. */
const MAX_FAILED_STARTS = 3;

const CORE_STOPPED: IpcResult<never> = { ok: false, error: { code: 'internal', message: 'The core stopped' } };

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
    const core = new WorkerCore(options);
    await core.#ready;
    return core;
  }

  /** How many times a dead worker was replaced (shown by tests and the log). */
  get restarts(): number {
    return this.#restarts;
  }

  async call(channel: string, input: unknown, sessionId: string): Promise<IpcResult<unknown>> {
    const reply = await this.#request((id) => ({ kind: 'call', id, channel, input, sessionId }), { kind: 'reply', id: 0, result: CORE_STOPPED });
    return reply.kind === 'reply' ? reply.result : CORE_STOPPED;
  }

  async lock(reason: LockReason): Promise<void> {
    await this.#request((id) => ({ kind: 'lock', id, reason }), { kind: 'done', id: 0 });
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
        await this.#send(worker, (id) => ({ kind: 'close', id }), { kind: 'done', id: 0 });
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

  async #request(make: (id: number) => ToCore, fallback: FromCore): Promise<FromCore> {
    if (this.#closing) return fallback;
    const worker = await this.#whenReady();
    if (!worker) return fallback;
    return this.#send(worker, make, fallback);
  }

  #send(worker: Worker, make: (id: number) => ToCore, fallback: FromCore): Promise<FromCore> {
    const id = this.#nextId++;
    return new Promise<FromCore>((resolve) => {
      this.#pending.set(id, { resolve, fallback });
      worker.postMessage(make(id));
    });
  }

  #answerPending(): void {
    for (const pending of this.#pending.values()) pending.resolve(pending.fallback);
    this.#pending.clear();
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
          case 'done': {
            const pending = this.#pending.get(message.id);
            this.#pending.delete(message.id);
            pending?.resolve(message);
            return;
          }
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
