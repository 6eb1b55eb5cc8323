import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { hexBuffer } from './keys/hex-buffer';

/**
 * The slow half of an automatic backup, in a thread of its own, so that the core worker keeps
 * answering the page while it runs. The vault's connection holds SQLite's exclusive lock (no
 * second connection can read the file), so the thread works from a copy: the caller empties the
 * WAL into `vault.db` (`wal_checkpoint(TRUNCATE)`) and lets nothing write the file until the copy
 * is made (`copied`: the core worker's queue waits for it). The thread then opens the copy with the
 * vault's key, `VACUUM INTO`s the backup file (encrypted with the same key, in rollback-journal
 * mode, free pages left behind — as `createBackup` makes it), removes the copy, sets the file
 * owner-only, fsyncs it and checks it opens with the key and passes `quick_check`. The caller
 * finishes (header, fsync, rename, audit) as `createBackup` does.
 *
 * The key goes to the thread as the `x'<hex>'` text SQLCipher takes, in a SharedArrayBuffer (no
 * copy is made: both sides see the same bytes). The thread zeroes it after its last use; the core
 * worker zeroes it when the thread has ended or is stopped (`terminate`), so a thread stopped
 * mid-work leaves no key text behind in it. What is not ours to zero: the cipher's copy of the key
 * in a connection the thread had open when stopped (the binding closes its connections in a
 * teardown hook; SQLite3MultipleCiphers wipes its cipher state when it frees it), and a native
 * call that is under way runs to its end before the thread stops.
 *
 * Outcome and progress are also written to shared memory, so the lock can wait for the thread
 * synchronously (`waitSync`). The thread sets the outcome however its JavaScript ends — finished,
 * failed, an uncaught error, `process.exit` (its `exit` handler) — so a thread that dies does not
 * keep the waiting lock blocked until its bound. There is no heartbeat: the thread spends the
 * backup inside one native call (`VACUUM INTO`) and could not tick one, so a short bound on a
 * stopped heartbeat would cut off healthy backups of large vaults. A thread killed outside its
 * JavaScript (out of memory in its heap, `terminate`) sets nothing; the lock's bound covers that.
 */

/** What the shared state word holds. */
const COPIED = 1;
const DONE = 2;
const FAILED = 3;

export interface BackupThreadInput {
  /** The vault's database file (its WAL emptied; nothing writes it until `copied`). */
  readonly source: string;
  /** Where the copy is made (removed by the thread). */
  readonly snapshot: string;
  /** The backup's database file. */
  readonly target: string;
  /** The vault's raw 32-byte key (not kept: the thread gets its own text of it). */
  readonly key: Buffer;
  /** Copy block by block around SQLite's lock bytes (Windows locks them); default: on Windows only. */
  readonly blockCopy?: boolean;
  /** Tests: the thread ends (`process.exit`) right after the copy, without telling its outcome. */
  readonly testExitAfterCopy?: boolean;
}

export interface BackupThread {
  /** Resolves once the copy is made (or the thread failed before): the vault's file may be written again. */
  readonly copied: Promise<void>;
  /** Resolves with whether the backup file was written and checks; never rejects. */
  readonly done: Promise<ThreadOutcome>;
  /** Blocks until the thread is done, at most `timeoutMs`; null if it is not done by then. */
  waitSync(timeoutMs: number): ThreadOutcome | null;
  /** Stops the thread (its native work, if any, runs to its end first). */
  terminate(): void;
}

export type ThreadOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Where the database binding's module is, for the thread to load the same one. Resolved from this
 * file: in the CommonJS bundle (Electron's main, which carries the CLI) by `__filename`, in the ES
 * module bundles (the core worker, the browser host) by `import.meta.url`. Worked out when needed,
 * never at load: `import.meta` is empty in a CommonJS bundle (a throw at load would stop Electron's
 * main before any window), and an ES module bundle's `require` is esbuild's stand-in, which cannot resolve.
 */
export function databaseBindingPath(): string {
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url).resolve('better-sqlite3-multiple-ciphers');
}

/**
 * The thread, as CommonJS source: it needs nothing but the database binding (whose path the
 * parent resolves, so the thread loads the same module however the core was bundled) and Node.
 */
const THREAD_SOURCE = String.raw`
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { source, snapshot, target, binding, state, keyText, blockCopy, testExitAfterCopy } = workerData;
const flags = new Int32Array(state);
const key = Buffer.from(keyText);
let told = false;
function tell(value, message) {
  if (value !== ${COPIED}) told = true;
  Atomics.store(flags, 0, value);
  Atomics.notify(flags, 0);
  parentPort.postMessage(message);
}
// However this thread's JavaScript ends without an outcome (process.exit, an uncaught error), the
// lock waiting in shared memory sees a failure at once; the parent's 'exit' event tells the rest.
process.on('exit', () => {
  key.fill(0);
  if (told) return;
  told = true;
  Atomics.store(flags, 0, ${FAILED});
  Atomics.notify(flags, 0);
});
// SQLite's lock bytes (the pending byte at 1 GiB, then the reserved and shared range): Windows
// locks them, so a database over 1 GiB cannot be read there. SQLite never keeps data in that page.
const LOCK_START = 0x40000000;
const LOCK_END = LOCK_START + 512;
function copyByBlocks() {
  const input = fs.openSync(source, 'r');
  const output = fs.openSync(snapshot, 'wx', 0o600);
  const block = Buffer.alloc(4 << 20);
  try {
    const size = fs.fstatSync(input).size;
    let at = 0;
    while (at < size) {
      let length = Math.min(block.length, size - at);
      if (at < LOCK_END && at + length > LOCK_START) {
        if (at < LOCK_START) length = LOCK_START - at;
        else {
          length = Math.min(LOCK_END, size) - at;
          block.fill(0, 0, length);
          fs.writeSync(output, block, 0, length, at);
          at += length;
          continue;
        }
      }
      const read = fs.readSync(input, block, 0, length, at);
      if (read <= 0) throw new Error('the database file ended early');
      fs.writeSync(output, block, 0, read, at);
      at += read;
    }
  } finally {
    block.fill(0);
    fs.closeSync(input);
    fs.closeSync(output);
  }
}
function open(Database, file, options) {
  const db = new Database(file, Object.assign({ fileMustExist: true }, options));
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.key(key);
    db.pragma('locking_mode = EXCLUSIVE');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
let copied = false;
try {
  if (blockCopy) copyByBlocks();
  else fs.copyFileSync(source, snapshot, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE);
  copied = true;
  tell(${COPIED}, { kind: 'copied' });
  if (testExitAfterCopy) process.exit(0);
  const Database = require(binding);
  const db = open(Database, snapshot, {});
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(snapshot + suffix, { force: true });
  fs.chmodSync(target, 0o600);
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const check = open(Database, target, { readonly: true });
  let result;
  try {
    result = String(check.pragma('quick_check', { simple: true }));
  } finally {
    check.close();
  }
  key.fill(0);
  if (result !== 'ok') tell(${FAILED}, { kind: 'done', ok: false, error: 'BackupCheckError' });
  else tell(${DONE}, { kind: 'done', ok: true });
} catch (error) {
  key.fill(0);
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    try { fs.rmSync(snapshot + suffix, { force: true }); } catch {}
  }
  if (!copied) tell(${COPIED}, { kind: 'copied' });
  tell(${FAILED}, { kind: 'done', ok: false, error: error && typeof error.name === 'string' ? error.name : 'Error' });
}
`;

/** Starts the thread; see the module comment for what the caller must hold while it copies. */
export function startBackupThread(input: BackupThreadInput): BackupThread {
  const state = new SharedArrayBuffer(4);
  const flags = new Int32Array(state);
  const text = hexBuffer(input.key, "x'", "'");
  const keyText = new SharedArrayBuffer(text.length);
  const keyBytes = new Uint8Array(keyText);
  keyBytes.set(text);
  text.fill(0);
  let worker: Worker;
  try {
    worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        source: input.source,
        snapshot: input.snapshot,
        target: input.target,
        binding: databaseBindingPath(),
        state,
        keyText,
        blockCopy: input.blockCopy ?? process.platform === 'win32',
        testExitAfterCopy: input.testExitAfterCopy === true,
      },
    });
  } catch (error) {
    keyBytes.fill(0);
    throw error;
  }
  // The process may quit while it runs (the lock waits for it first).
  worker.unref();
  let outcome: ThreadOutcome | null = null;
  let resolveCopied!: () => void;
  let resolveDone!: (outcome: ThreadOutcome) => void;
  const copied = new Promise<void>((resolve) => (resolveCopied = resolve));
  const done = new Promise<ThreadOutcome>((resolve) => (resolveDone = resolve));
  const settle = (result: ThreadOutcome): void => {
    // The thread is past its last use of the key (or gone).
    keyBytes.fill(0);
    outcome ??= result;
    resolveCopied();
    resolveDone(outcome);
  };
  worker.on('message', (message: { kind: 'copied' } | { kind: 'done'; ok: boolean; error?: string }) => {
    if (message.kind === 'copied') resolveCopied();
    else settle(message.ok ? { ok: true } : { ok: false, error: message.error ?? 'Error' });
  });
  worker.on('error', (error) => settle({ ok: false, error: error.name }));
  worker.on('exit', () => settle(Atomics.load(flags, 0) === DONE ? { ok: true } : { ok: false, error: 'the backup thread ended' }));
  return {
    copied,
    done,
    waitSync(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = Atomics.load(flags, 0);
        if (value === DONE) return settleSync({ ok: true });
        if (value === FAILED) return settleSync({ ok: false, error: 'the backup thread failed' });
        const left = deadline - Date.now();
        if (left <= 0) return null;
        Atomics.wait(flags, 0, value, left);
      }
    },
    terminate() {
      void worker.terminate();
      // Stopped: its key text goes now, whether or not its JavaScript ran again.
      keyBytes.fill(0);
    },
  };
  /** The outcome seen through shared memory, before the thread's message arrives. */
  function settleSync(result: ThreadOutcome): ThreadOutcome {
    settle(result);
    return outcome ?? result;
  }
}
