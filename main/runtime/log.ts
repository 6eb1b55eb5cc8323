/**
 * Structured log lines (JSON, one per line, on stderr). Callers pass the function name and
 * non-sensitive fields only: never note text, names, keys, session secrets or IPC payloads.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  log(level: LogLevel, fn: string, message: string, fields?: LogFields): void;
}

export function createStderrLogger(clock: { now(): Date }, minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return {
    log(level, fn, message, fields = {}) {
      if (order[level] < order[minLevel]) return;
      process.stderr.write(`${JSON.stringify({ t: clock.now().toISOString(), level, fn, message, ...fields })}\n`);
    },
  };
}

/** Collects lines in memory; tests read them to prove what is (and is not) logged. */
export class MemoryLogger implements Logger {
  readonly lines: { level: LogLevel; fn: string; message: string; fields: LogFields }[] = [];
  log(level: LogLevel, fn: string, message: string, fields: LogFields = {}): void {
    this.lines.push({ level, fn, message, fields });
  }
}
