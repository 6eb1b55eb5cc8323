import { Worker } from 'node:worker_threads';
import { events, isEventName } from '../../shared/ipc/events';
import type { IpcResult } from '../../shared/ipc/errors';
import { EventHub } from '../ipc/event-hub';
import type { Logger } from '../runtime/log';
import type { LockReason } from '../vault/vault-manager';
import type { CorePort } from './core-port';
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
}

type Pending = { readonly resolve: (message: FromCore) => void; readonly fallback: FromCore };

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
  #restarts = 0;

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
    void this.#ready.then(() => this.#worker?.postMessage({ kind: 'tick' } satisfies ToCore));
  }

  subscribe(listener: Parameters<EventHub['subscribe']>[0]): () => void {
    return this.#events.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    await this.#request((id) => ({ kind: 'close', id }), { kind: 'done', id: 0 });
    this.#closing = true;
    await this.#worker?.terminate();
    this.#worker = null;
  }

  async #request(make: (id: number) => ToCore, fallback: FromCore): Promise<FromCore> {
    try {
      await this.#ready;
    } catch {
      return fallback;
    }
    const worker = this.#worker;
    if (!worker || this.#closing) return fallback;
    const id = this.#nextId++;
    return new Promise<FromCore>((resolve) => {
      this.#pending.set(id, { resolve, fallback });
      worker.postMessage(make(id));
    });
  }

  #spawn(): Promise<void> {
    const worker = new Worker(this.#options.script, { workerData: this.#options.config });
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (message: FromCore) => {
        switch (message.kind) {
          case 'ready':
            started = true;
            this.#worker = worker;
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
        if (this.#closing || this.#worker !== worker) return;
        this.#lost(code);
      });
    });
  }

  #lost(code: number): void {
    this.#options.logger.log('error', 'WorkerCore', 'core worker stopped; starting a new one, vault locked', { code });
    this.#worker = null;
    for (const pending of this.#pending.values()) pending.resolve(pending.fallback);
    this.#pending.clear();
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
