import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Clock, systemClock } from '../runtime/clock';
import { resolveDataDir } from '../runtime/data-dir';
import { PolicyError, loadPolicy } from '../runtime/policy';
import { type Logger, createStderrLogger } from '../runtime/log';
import { parseKeyFile } from '../handover/keys';
import { PacketRefused, openAnyPacket } from '../handover/packet';
import { purgeableAt, verifyAudit } from '../vault/audit/audit-log';
import { defaultWitnessDir, readWitnessSync } from '../vault/audit/witness';
import { WitnessSession } from '../vault/audit/witness-check';
import { VaultTooNewError } from '../vault/db/open-vault';
import { HeaderMissingError } from '../vault/keys/header-store';
import { describeStorageError } from '../vault/storage-errors';
import { STORAGE_ERROR_CODES, storageFailure } from '../vault/storage-failure';
import { recoverAdminAccess, rotateKey } from '../vault/accounts';
import { BackupCheckError, NotABackupError, type RestoreCheck, createBackup, restoreBackupUnlocking } from '../vault/backups';
import { type UnlockedVault, type VaultDeps, type VaultNotice, VaultError, createVault, exportKeyOf, unlockVault } from '../vault/vault';
import { chainFinding, checkFiles, checkWitnessFile, witnessFinding } from './doctor';
import { readSecretFromStdin } from './read-secret';
import { scanText } from '../../shared/guard/identifier-guard';
import { baseGuardOptions } from '../guard/extra-names';

export const CLI_USAGE = `Teamvalv admin commands (development: npx teamvalv <command>; installed: Teamvalv --cli <command>)

  init        --data-dir D --org-name N --org-number NNNNNN-NNNN --admin-user U [--admin-name "Full Name"] --password-stdin
              Creates a vault and prints its recovery key once. Keep it on paper, in a safe.
  export-key  --data-dir D --user U --password-stdin
              Admin only, audited: prints the raw database key (64 hex) for standard SQLCipher 4 tools.
  verify-audit --data-dir D --user U --password-stdin [--expect-head SEQ:HASH]
              Checks the audit log's hash chain, optionally against a head witnessed elsewhere.
  backup      --data-dir D --user U --password-stdin
              Writes an encrypted backup (database + key-slot header) to D/backups/.
  restore     --backup B --to T --user U --password-stdin
              Restores backup folder B into the new folder T and proves it opens and reads whole.
  rotate-key  --data-dir D --user U --password-stdin
              Admin only: new database key, re-sealed to every account, new recovery key, backups
              re-encrypted. Use it when a key, header copy or recovery key may have leaked.
  recover     --data-dir D --user U --recovery-key-stdin
              A forgotten admin password: the recovery key gives that admin a one-time password.
  doctor      --data-dir D [--user U --password-stdin]
              Checks the header, its backups, file permissions and whether this PC keeps an audit
              witness of the vault (its head, any alarm standing); with a login also integrity,
              the whole audit chain, and the chain against this PC's witness.
  guard-scan  Runs the identifier guard without any vault: reads one text per line on stdin and
              prints one JSON line per input line, {"hits":[{"kind","severity","start","end"}]}
              (UTF-16 offsets), through the same guard and data main uses before a save (the
              shipped lists only: no vault's own names, no staff names).
  verify-packet FILE --trust SENDER.pem [--identity AGE_KEY_FILE]
              Checks a handover packet without any vault: decrypts it (with the age identity),
              verifies the signature with the sender's key file from the key exchange (never a key
              inside the packet), checks every file; prints the signer and the content, or why not.

Commands that open the vault check the audit log against this PC's witness (as the app does) and
move the witness on when they are done; an alarm is shown until an admin acknowledges it in the app.
Every command: --json for machine-readable output; --migrate (admin) to update a vault written by an
older Teamvalv — a backup is made first. Passwords only on stdin, never as arguments.
Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.`;

interface Io {
  readonly stdout: (text: string) => void;
  /**
   * Secret bytes (the exported key) written as they are, resolved once written, so the caller can
   * zero them: never made into a string. Without it, the process's stdout.
   */
  readonly stdoutBytes?: (bytes: Buffer) => Promise<void>;
  readonly stderr: (text: string) => void;
  readonly readPassword: () => Promise<string>;
  /** stdin one line at a time (guard-scan); without it, the process's stdin. */
  readonly readLines?: () => AsyncIterable<string>;
}

/** Resolves when stdout has taken the bytes (a pipe may write later): only then may they be zeroed. */
function writeStdoutBytes(bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve())));
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stdoutBytes: writeStdoutBytes,
  stderr: (text) => process.stderr.write(text),
  readPassword: () => readSecretFromStdin(),
};

class UsageError extends Error {
  override name = 'UsageError';
}

class KeyFileError extends Error {
  override name = 'KeyFileError';
}

const COMMON = {
  'data-dir': { type: 'string' },
  migrate: { type: 'boolean', default: false },
  'recovery-key-stdin': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'password-stdin': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

function parse(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: [...argv], options: { ...COMMON, ...options }, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

async function password(values: Record<string, string | boolean | undefined>, io: Io): Promise<string> {
  if (values['password-stdin'] !== true) throw new UsageError('--password-stdin is required: passwords are read from stdin, never from arguments');
  const text = await io.readPassword();
  if (!text) throw new UsageError('No password on stdin');
  return text;
}

export interface CliOptions {
  /** Tests inject theirs; the product uses the system clock. */
  readonly clock?: Clock;
  /** This PC's witness folder; default `defaultWitnessDir()` (which honours TEAMVALV_WITNESS_DIR), as the app's. */
  readonly witnessDir?: string;
}

/** A command's open vault with this PC's witness: checked at unlock, advanced by `close` after the command's last audit row. */
interface WitnessedVault {
  readonly vault: UnlockedVault;
  /** Null if the witness folder could not be used (said on stderr; the command goes on). */
  readonly witness: WitnessSession | null;
  close(): void;
}

/** Runs one admin command; returns the exit code. The same code serves `npx teamvalv` and `Teamvalv --cli`. */
export async function runCli(argv: readonly string[], io: Io = defaultIo, logger: Logger = createStderrLogger(systemClock, 'warn'), options: CliOptions = {}): Promise<number> {
  const [command, ...rest] = argv;
  const deps = { clock: options.clock ?? systemClock, logger };
  const json = rest.includes('--json');
  const out = (human: string, data: Record<string, unknown>): void => io.stdout(json ? `${JSON.stringify({ ok: true, ...data })}\n` : `${human}\n`);
  const witnessDir = options.witnessDir ?? defaultWitnessDir();
  const witnessed = (vault: UnlockedVault): WitnessedVault => openWitnessed(vault, { dir: witnessDir, clock: deps.clock, logger }, io, json);
  const refused = (code: string, text: string): number => {
    io.stderr(json ? `${JSON.stringify({ ok: false, error: code, message: text })}\n` : `${text}\n`);
    return 1;
  };
  try {
    if (!command || command === 'help' || command === '--help') {
      io.stdout(`${CLI_USAGE}\n`);
      return command ? 0 : 2;
    }
    switch (command) {
      case 'verify-packet':
        return await verifyPacketCommand(rest, io, json);
      case 'guard-scan':
        return await guardScanCommand(rest, io);
      case 'init': {
        const v = parse(rest, { 'org-name': { type: 'string' }, 'org-number': { type: 'string' }, 'admin-user': { type: 'string' }, 'admin-name': { type: 'string' } });
        const dataDir = path.resolve(required(v, 'data-dir'));
        const username = required(v, 'admin-user');
        const setup = {
          orgName: required(v, 'org-name'),
          orgNumber: required(v, 'org-number'),
          admin: { username, displayName: typeof v['admin-name'] === 'string' ? v['admin-name'] : username, password: await password(v, io) },
        };
        const { recoveryKey, vaultId } = await createVault(dataDir, setup, deps);
        out(`Vault created in ${dataDir}.\n\nRecovery key (shown once — write it down and keep it in a safe):\n\n  ${recoveryKey}\n`, { dataDir, vaultId, recoveryKey });
        return 0;
      }
      case 'export-key': {
        const v = parse(rest, { user: { type: 'string' } });
        // Not `unlockForCli`: a one-time password is refused by `exportKeyOf`, and the refusal audited.
        const open = witnessed(await unlockVault(path.resolve(required(v, 'data-dir')), required(v, 'user'), await password(v, io), deps, { migrate: v.migrate === true }));
        try {
          // The hex goes from the key into one Buffer with its framing, to stdout, then zeroes: never a string.
          const key = exportKeyOf(open.vault, json ? { prefix: '{"ok":true,"key":"', suffix: '"}\n' } : { prefix: '', suffix: '\n' });
          try {
            await (io.stdoutBytes ?? writeStdoutBytes)(key);
          } finally {
            key.fill(0);
          }
          return 0;
        } finally {
          open.close();
        }
      }
      case 'verify-audit': {
        const v = parse(rest, { user: { type: 'string' }, 'expect-head': { type: 'string' } });
        const expectText = typeof v['expect-head'] === 'string' ? v['expect-head'] : undefined;
        const match = expectText ? /^(\d+):([0-9a-f]{64})(?:@(\S+))?$/.exec(expectText) : null;
        if (expectText && !match) throw new UsageError('--expect-head must be SEQ:HASH or SEQ:HASH@TIME (HASH as 64 hex, TIME as ISO 8601: when it was witnessed)');
        // A full ISO 8601 time with its zone (Z or ±hh:mm): a bare date or local time could be read wrongly.
        const timeText = match?.[3];
        if (timeText !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(timeText)) {
          throw new UsageError('--expect-head: TIME must be an ISO 8601 time with its zone, like 2026-11-30T09:00:00Z');
        }
        const witnessedAt = timeText !== undefined ? new Date(timeText) : null;
        if (witnessedAt && Number.isNaN(witnessedAt.getTime())) throw new UsageError('--expect-head: TIME must be an ISO 8601 time with its zone, like 2026-11-30T09:00:00Z');
        const dataDir = resolveDataDir(typeof v['data-dir'] === 'string' ? v['data-dir'] : undefined, loadPolicy().dataDir);
        const open = witnessed(await unlockForCli(dataDir, required(v, 'user'), await password(v, io), deps, { migrate: v.migrate === true }));
        const vault = open.vault;
        try {
          const verdict = verifyAudit(vault.db, match ? { seq: Number(match[1]), hash: String(match[2]) } : undefined);
          // Purged by retention only if it was witnessed over five years (the audit log's floor) before
          // the purge; without its time that cannot be told, and it counts as broken.
          const anchor = !verdict.ok ? verdict.headPurged : undefined;
          if (anchor && (!witnessedAt || !purgeableAt(witnessedAt.toISOString(), new Date(anchor.purgedAt)))) {
            const reason = witnessedAt
              ? `row ${match?.[1]} was witnessed less than five years before the purge of ${anchor.purgedAt}: rows were deleted that were not due`
              : `row ${match?.[1]} is no longer in the log; give the time it was witnessed (SEQ:HASH@TIME) to check that it was purged when due`;
            io.stderr(json ? `${JSON.stringify({ ok: false, error: 'audit_broken', firstBrokenSeq: Number(match?.[1]), reason })}\n` : `The audit log is broken: ${reason}.\n`);
            return 1;
          }
          if (anchor) {
            // Not a break: that head was purged by retention, and the kept chain from the anchor verifies.
            io.stderr(
              json
                ? `${JSON.stringify({ ok: false, error: 'audit_head_purged', anchor: { seq: anchor.seq, hash: anchor.hash, at: anchor.at }, head: verdict.head })}\n`
                : `That head was purged by retention: the kept chain starts after row ${anchor.seq} (${anchor.at}) and is intact up to ${verdict.head.seq}:${verdict.head.hash}.\n`,
            );
            return 3;
          }
          if (!verdict.ok) {
            io.stderr(json ? `${JSON.stringify({ ok: false, error: 'audit_broken', firstBrokenSeq: verdict.firstBrokenSeq, reason: verdict.reason })}\n` : `The audit log is broken: ${verdict.reason}.\n`);
            return 1;
          }
          // The chain may be whole and still not extend what this PC saw (newest rows deleted, chain recomputed).
          const alarm = open.witness?.alarm;
          if (alarm) {
            const reason = `it does not extend the head this PC witnessed: ${alarm.reason}`;
            io.stderr(json ? `${JSON.stringify({ ok: false, error: 'audit_broken', firstBrokenSeq: alarm.firstBrokenSeq, reason })}\n` : `The audit log is broken: ${reason}.\n`);
            return 1;
          }
          out(`The audit log is intact. Head: ${verdict.head.seq}:${verdict.head.hash}`, { head: verdict.head });
          return 0;
        } finally {
          open.close();
        }
      }
      case 'backup': {
        const v = parse(rest, { user: { type: 'string' } });
        const dataDir = path.resolve(required(v, 'data-dir'));
        const open = witnessed(await unlockForCli(dataDir, required(v, 'user'), await password(v, io), deps, { migrate: v.migrate === true }));
        try {
          const backup = createBackup(open.vault, dataDir, deps.clock, 'manual');
          out(`Backup written: ${backup.dir}`, { backup: backup.dir });
          return 0;
        } catch (error) {
          if (!(error instanceof BackupCheckError)) throw error;
          return refused('backup_check_failed', `${error.message}. It was removed; the vault itself is unchanged. Run doctor, then try again.`);
        } finally {
          open.close();
        }
      }
      case 'restore': {
        const v = parse(rest, { backup: { type: 'string' }, to: { type: 'string' }, user: { type: 'string' } });
        const user = required(v, 'user');
        const secret = await password(v, io);
        const target = path.resolve(required(v, 'to'));
        let check: RestoreCheck;
        try {
          check = await restoreBackupUnlocking(path.resolve(required(v, 'backup')), target, (dir) => unlockForCli(dir, user, secret, deps, { migrate: true }));
        } catch (error) {
          if (!(error instanceof NotABackupError)) throw error;
          return refused('not_a_backup', `${error.message}. Nothing was restored. Choose a folder named backup-<time> in the backups folder (doctor lists what is not a backup).`);
        }
        const counts = Object.entries(check.tables).map(([table, rows]) => `${table}: ${rows}`).join(', ');
        out(`Restored into ${target} and verified (integrity ok; rows read: ${counts}).`, { restored: target, ...check });
        return 0;
      }
      case 'rotate-key': {
        const v = parse(rest, { user: { type: 'string' } });
        const dataDir = path.resolve(required(v, 'data-dir'));
        const open = witnessed(await unlockForCli(dataDir, required(v, 'user'), await password(v, io), deps, { migrate: v.migrate === true }));
        try {
          // The new recovery key is printed before the database is re-encrypted: from then on it is
          // the one that opens the vault if the rotation is interrupted (it is finished at the next unlock).
          let printed = false;
          const { recoveryKey } = await rotateKey(open.vault, dataDir, logger, 'admin-command', {
            showRecoveryKey: (recoveryKey) => {
              printed = true;
              if (json) io.stdout(`${JSON.stringify({ ok: true, state: 'recovery-key', recoveryKey })}\n`);
              else io.stdout(`New recovery key (write it down now and keep it in a safe; the old one stops working when the rotation is done):\n\n  ${recoveryKey}\n\n`);
            },
          });
          if (!printed) throw new Error('the rotation did not show its recovery key');
          out('The database key was rotated and every backup re-encrypted. The old recovery key no longer works.', { state: 'done', recoveryKey });
          return 0;
        } finally {
          open.close();
        }
      }
      case 'recover': {
        const v = parse(rest, { user: { type: 'string' } });
        if (v['recovery-key-stdin'] !== true) throw new UsageError('--recovery-key-stdin is required: the recovery key is read from stdin');
        const user = required(v, 'user');
        const { oneTimePassword } = await recoverAdminAccess(path.resolve(required(v, 'data-dir')), await io.readPassword(), user, deps, witnessed);
        out(`One-time password for ${user}: ${oneTimePassword}\nSign in with it; you will be asked to choose your own password.`, { oneTimePassword });
        return 0;
      }
      case 'doctor': {
        const v = parse(rest, { user: { type: 'string' } });
        const dataDir = path.resolve(required(v, 'data-dir'));
        const findings = await checkFiles(dataDir, logger);
        if (typeof v.user === 'string') {
          const vault = await unlockForCli(dataDir, v.user, await password(v, io), deps, { migrate: v.migrate === true });
          const before = readWitnessSync(witnessDir, vault.header.vaultId);
          const open = witnessed(vault);
          try {
            const integrity = String(vault.db.pragma('integrity_check', { simple: true }));
            findings.push({ check: 'integrity_check', ok: integrity === 'ok', detail: integrity });
            findings.push(witnessFinding(open.witness, before));
            findings.push(chainFinding(vault.db, open.witness));
          } finally {
            open.close();
          }
        } else {
          findings.push(await checkWitnessFile(dataDir, witnessDir));
        }
        const ok = findings.every((finding) => finding.ok);
        const text = findings.map((f) => `${f.ok ? 'ok  ' : 'FAIL'} ${f.check}: ${f.detail}`).join('\n');
        if (json) io.stdout(`${JSON.stringify({ ok, findings })}\n`);
        else io.stdout(`${text}\n`);
        return ok ? 0 : 1;
      }
      default:
        throw new UsageError(`Unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${CLI_USAGE}\n`);
      return 2;
    }
    const message = describeFailure(error, dataDirArgument(rest));
    io.stderr(json ? `${JSON.stringify({ ok: false, error: message.code, message: message.text, ...message.extra })}\n` : `${message.text}\n`);
    return 1;
  }
}

/**
 * This PC's witness for a command's session, as the app keeps it: the unlock check runs now (a
 * standing or new alarm is said on stderr; the command goes on, as the app does), and `close`
 * advances the witness after the command's last audit row, then closes the vault.
 */
/** What the unlock did besides opening (a header recovered, a rotation finished or undone): told on stderr. */
function noticeText(notice: VaultNotice): string {
  switch (notice.kind) {
    case 'header-recovered':
      return `The key-slot header (vault.keys) was damaged or did not open the database; the copy from ${notice.source.kind === 'backup' ? `backup ${notice.source.name}` : notice.source.kind === 'generation' ? `vault.keys.bak${notice.source.n}` : 'the folder'} opened it and is now in use (the replaced one is kept as vault.keys.replaced). Passwords changed after that copy no longer apply.`;
    case 'rotation-completed':
      return `A key rotation started ${notice.startedAt} was interrupted; it has now been finished. Nothing was lost.`;
    case 'rotation-rolled-back':
      return `A key rotation started ${notice.startedAt} was interrupted before the database was re-encrypted and was undone: the previous recovery key still applies. Rotate the key again.`;
    case 'rotation-unfinished':
      return `A key rotation started ${notice.startedAt} could not be finished (${notice.problem}); the vault opened, nothing was deleted, and the next unlock tries again.`;
  }
}

function openWitnessed(vault: UnlockedVault, deps: { readonly dir: string } & Omit<VaultDeps, 'kdf'>, io: Io, json: boolean): WitnessedVault {
  for (const notice of vault.notices) io.stderr(json ? `${JSON.stringify({ notice: notice.kind, ...notice })}\n` : `Note: ${noticeText(notice)}\n`);
  let witness: WitnessSession | null = null;
  try {
    witness = WitnessSession.open(vault, deps);
  } catch (error) {
    deps.logger.log('error', 'runCli', 'could not check the audit witness', { kind: error instanceof Error ? error.name : 'error' });
    io.stderr(json ? `${JSON.stringify({ warning: 'witness_unavailable', dir: deps.dir })}\n` : `Warning: this PC's audit witness in ${deps.dir} could not be read or written.\n`);
  }
  const alarm = witness?.alarm;
  if (alarm) {
    io.stderr(
      json
        ? `${JSON.stringify({ warning: 'audit_alarm', reason: alarm.reason, raisedAt: alarm.at.toISOString(), firstBrokenSeq: alarm.firstBrokenSeq })}\n`
        : `Warning: the audit log does not extend what this PC saw last (${alarm.reason}; raised ${alarm.at.toISOString()}). Log rows may have been deleted or changed. An admin must look into it and acknowledge the alarm in the Teamvalv app.\n`,
    );
  }
  return {
    vault,
    witness,
    close: () => {
      try {
        witness?.advance();
      } catch (error) {
        deps.logger.log('error', 'runCli', 'could not advance the audit witness', { kind: error instanceof Error ? error.name : 'error' });
      } finally {
        vault.close();
      }
    },
  };
}

/** The app's rule holds here too: a one-time password must be replaced (in the app) before any other use. */
async function unlockForCli(...args: Parameters<typeof unlockVault>): Promise<UnlockedVault> {
  const vault = await unlockVault(...args);
  if (vault.account?.mustChangePassword) {
    vault.close();
    throw new VaultError('forbidden', 'This account still has a one-time password: sign in to Teamvalv and choose your own password first', 'change_password_first');
  }
  return vault;
}

/** The command's `--data-dir` (where its backups are), read loosely: the failure may have come before the arguments were checked. */
function dataDirArgument(argv: readonly string[]): string | null {
  const at = argv.indexOf('--data-dir');
  const value = at >= 0 ? argv[at + 1] : argv.find((arg) => arg.startsWith('--data-dir='))?.slice('--data-dir='.length);
  return value ? path.resolve(value) : null;
}

function describeFailure(error: unknown, dataDir: string | null): { code: string; text: string; extra?: Record<string, unknown> } {
  if (error instanceof VaultError) return { code: error.code, text: error.message };
  if (error instanceof VaultTooNewError) return { code: 'vault_too_new', text: error.message };
  if (error instanceof HeaderMissingError) return { code: 'not_found', text: error.message };
  // A read-only folder, a full disk, a damaged page or header: what happened and what to do, never a raw SqliteError.
  const storage = storageFailure(error, dataDir);
  if (storage) {
    return { code: STORAGE_ERROR_CODES[storage.kind], text: describeStorageError(storage), extra: { newestBackupAt: storage.newestBackupAt?.toISOString() ?? null } };
  }
  if (error instanceof PolicyError) return { code: 'policy', text: error.message };
  if (error instanceof KeyFileError) return { code: 'bad-key-file', text: error.message };
  if (error instanceof PacketRefused) return { code: error.code, text: `Refused (${error.code}): ${error.message}` };
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { code: 'not_found', text: `No such file: ${(error as NodeJS.ErrnoException).path ?? ''}` };
  return { code: 'internal', text: `Failed: ${error instanceof Error ? error.name : 'error'}` };
}

/** stdin as lines, '\r\n' or '\n', the last one also without a newline. */
async function* stdinLines(): AsyncIterable<string> {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

/**
 * `guard-scan`: one JSON line per input line, the guard's hits in the order scanText gives them —
 * the function and options (baseGuardOptions) main's check before a save starts from. No vault.
 */
async function guardScanCommand(argv: readonly string[], io: Io): Promise<number> {
  if (argv.some((arg) => arg !== '--json')) throw new UsageError('guard-scan takes no arguments: the texts come on stdin, one per line');
  const options = baseGuardOptions();
  for await (const line of (io.readLines ?? stdinLines)()) {
    const hits = scanText(line, options).map((hit) => ({ kind: hit.kind, severity: hit.severity, start: hit.start, end: hit.end }));
    io.stdout(`${JSON.stringify({ hits })}\n`);
  }
  return 0;
}

/** `verify-packet FILE --trust SENDER.pem [--identity AGE_KEY_FILE]`: exit 0 and what it holds, or 1 and why not. */
async function verifyPacketCommand(argv: readonly string[], io: Io, json: boolean): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: [...argv], options: { trust: { type: 'string' }, identity: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true, allowPositionals: true });
    values = parsed.values as Record<string, string | boolean | undefined>;
    positionals = parsed.positionals;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError('verify-packet takes one packet file');
  const trustFile = required(values, 'trust');
  const keyFile = parseKeyFile(await fs.readFile(trustFile, 'utf8'));
  if (!keyFile) throw new KeyFileError(`${trustFile} is not a Teamvalv key file, or it was changed: ask the sender for it again`);
  const identities =
    typeof values.identity === 'string'
      ? (await fs.readFile(values.identity, 'utf8'))
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line.startsWith('AGE-SECRET-KEY-1'))
      : [];
  const bytes = await fs.readFile(positionals[0]);
  // A handover packet or a receipt (the receiver's answer): the same checks.
  const opened = await openAnyPacket(bytes, {
    identities,
    trusted: [{ id: 'sender', organisation: keyFile.organisation, orgNumber: keyFile.orgNumber, signingPem: keyFile.signingPem, ageRecipient: keyFile.ageRecipient, retiredAt: null, revokedAt: null }],
    ownFingerprints: null,
  });
  const { manifest, content } = opened;
  const files =
    opened.kind === 'receipt'
      ? [`manifest.json (${manifest.format})`, `receipt.json (${opened.content.schema})`, `receipt.pdf (${opened.pdf.length} bytes)`]
      : [`handover.json (${opened.content.schema})`, `handover.pdf (${opened.pdf.length} bytes)`, `manifest.json (${manifest.format})`];
  const about =
    opened.kind === 'receipt'
      ? `Receipt for packet ${opened.content.answers.packetId} (case ${opened.content.answers.caseCode}): ${opened.content.outcome === 'taken-over' ? 'received and taken over' : `received, NOT taken over: ${opened.content.reason ?? ''}`}`
      : `Case ${opened.content.caseCode}, handover ${opened.content.date}`;
  if (json) {
    io.stdout(`${JSON.stringify({ ok: true, signer: { organisation: keyFile.organisation, orgNumber: keyFile.orgNumber, fingerprint: keyFile.fingerprint }, encrypted: opened.encrypted, manifest, content })}\n`);
  } else {
    io.stdout(
      [
        // The name is the key file's label: what makes it true is that you compared the fingerprint.
        `Verified: signed by the key in ${path.basename(trustFile)}, labelled ${keyFile.organisation} (${keyFile.orgNumber}), fingerprint ${keyFile.fingerprint}`,
        `Packet ${manifest.packetId}, made ${manifest.createdAt}, ${opened.encrypted ? 'encrypted' : 'NOT encrypted'}`,
        `From ${manifest.sender.homeOrganisation} (${manifest.sender.function}) to ${manifest.recipient.organisation} (${manifest.recipient.function})`,
        about,
        'Content:',
        ...files.map((file) => `  ${file}`),
        '',
      ].join('\n'),
    );
  }
  return 0;
}
