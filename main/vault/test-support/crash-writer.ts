import { openVault } from '../db/open-vault';

/**
 * Child process for the crash test: commits `committed` rows, then opens a write transaction,
 * writes into it, says "in-transaction" and waits to be killed with SIGKILL.
 */
const [file, keyHex, committedText] = process.argv.slice(2);
const db = openVault(String(file), Buffer.from(String(keyHex), 'hex'));
const insert = db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)');
for (let i = 0; i < Number(committedText); i++) insert.run(`committed-${i}`, 'x'.repeat(200));
db.exec('BEGIN IMMEDIATE');
for (let i = 0; i < 5000; i++) insert.run(`uncommitted-${i}`, 'y'.repeat(500));
process.stdout.write('in-transaction\n');
setInterval(() => undefined, 60_000);
