// The README's "Receive a packet without Teamvalv" script, run as written (extracted from the
// README itself, saved as check-packet.sh and run with Debian's sh) with Debian's age, unzip,
// openssl and sha256sum on a real packet — and on hostile packets it must refuse before anything
// is unpacked (an unsigned extra file, a `../` entry name, an entry declared larger than the limit,
// an entry that inflates to more than it declares) or when checking (a changed file, a changed
// SHA256SUMS); our import refuses them all too. Also `teamvalv verify-packet`, the built CLI,
// which needs no vault.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { handoverPdf } from '../main/handover/handover-pdf';
import { type OrgKeyPair, fingerprint, generateOrgKeyPair, renderKeyFile, signingKeyHash } from '../main/handover/keys';
import { PacketRefused, buildPacket, buildReceiptPacket, openPacket } from '../main/handover/packet';
import { sampleContent, sampleManifest, sampleReceipt, sampleReceiptManifest } from '../main/handover/test-support/sample';
import { makeTempDir } from './support/host';

const CLI = path.resolve('out/main/cli.mjs');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

let sender: OrgKeyPair;
let receiver: OrgKeyPair;
let commands: string;

beforeAll(async () => {
  sender = await generateOrgKeyPair();
  receiver = await generateOrgKeyPair();
  const readme = await fs.readFile('README.md', 'utf8');
  const block = /<!-- receive-packet:commands -->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README has no receive-packet commands');
  if (!block.includes(`limit=${LIMIT} `)) throw new Error('The README script states another limit than the test expects');
  commands = block;
});

async function realPacket(): Promise<Buffer> {
  const manifest = sampleManifest(sender, receiver);
  const content = sampleContent();
  return buildPacket({ manifest, content, pdf: await handoverPdf(content, manifest, new Date(manifest.createdAt)), signingPrivatePem: sender.signingPrivatePem, encryptTo: receiver.ageRecipient });
}

/** A partner's folder: the packet, their identity, our key file from the key exchange. */
async function partner(packet: Buffer): Promise<string> {
  const dir = await makeTempDir('partner');
  dirs.push(dir);
  await fs.writeFile(path.join(dir, 'packet.zip.age'), packet);
  await fs.writeFile(path.join(dir, 'key.txt'), `# created: by the partner\n${receiver.ageIdentity}\n`);
  await fs.writeFile(path.join(dir, 'SENDER.pem'), renderKeyFile({ organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', signingPem: sender.signingPem, ageRecipient: sender.ageRecipient }));
  return dir;
}

/** Saves the README's script as check-packet.sh in the partner's folder and runs it with `sh`, as the README says. */
async function readmeCommands(dir: string) {
  await fs.writeFile(path.join(dir, 'check-packet.sh'), commands);
  return spawnSync('sh', ['check-packet.sh'], { cwd: dir, encoding: 'utf8' });
}

/** The commands the README gave before issue 15: they checked the signature and the sums only after unpacking. */
const BEFORE_ISSUE_15 = ['age -d -i key.txt -o packet.zip packet.zip.age', 'unzip -q packet.zip -d packet', 'cd packet', 'openssl pkeyutl -verify -pubin -inkey ../SENDER.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig', 'sha256sum -c SHA256SUMS'].join('\n');

/** The limit the README's script states (and our import's own). */
const LIMIT = 50 * 1024 * 1024;

/** The same packet with one inner file changed, re-zipped and re-encrypted as an attacker could. */
async function changed(packet: Buffer, file: string): Promise<Buffer> {
  const dir = await makeTempDir('attacker');
  dirs.push(dir);
  await fs.writeFile(path.join(dir, 'packet.zip.age'), packet);
  await fs.writeFile(path.join(dir, 'key.txt'), `${receiver.ageIdentity}\n`);
  execFileSync('age', ['-d', '-i', 'key.txt', '-o', 'packet.zip', 'packet.zip.age'], { cwd: dir });
  execFileSync('unzip', ['-q', 'packet.zip', '-d', 'inside'], { cwd: dir });
  const target = path.join(dir, 'inside', file);
  const text = await fs.readFile(target, 'utf8');
  await fs.writeFile(target, file === 'SHA256SUMS' ? text.replace(/^[0-9a-f]/, (c) => (c === '0' ? '1' : '0')) : text.replace('Arbetsträning', 'Arbetstraning'));
  execFileSync('zip', ['-q', '-X', '../changed.zip', 'SHA256SUMS', 'SHA256SUMS.sig', 'SHA256SUMS.minisig', 'handover.json', 'handover.pdf', 'manifest.json'], { cwd: path.join(dir, 'inside') });
  execFileSync('age', ['-e', '-r', receiver.ageRecipient, '-o', 'changed.zip.age', 'changed.zip'], { cwd: dir });
  return fs.readFile(path.join(dir, 'changed.zip.age'));
}

/** The packet's entries, in its order, as the partner's age and unzip read them. */
async function entriesOf(packet: Buffer): Promise<Array<[string, Buffer]>> {
  const dir = await makeTempDir('attacker');
  dirs.push(dir);
  await fs.writeFile(path.join(dir, 'packet.zip.age'), packet);
  await fs.writeFile(path.join(dir, 'key.txt'), `${receiver.ageIdentity}\n`);
  execFileSync('age', ['-d', '-i', 'key.txt', '-o', 'packet.zip', 'packet.zip.age'], { cwd: dir });
  const names = execFileSync('unzip', ['-Z1', 'packet.zip'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
  return names.map((name) => [name, execFileSync('unzip', ['-p', 'packet.zip', name], { cwd: dir, maxBuffer: 64 * 1024 * 1024 })]);
}

/** A ZIP of these entries (deflated, as a real packet), encrypted to the receiver like a real packet. */
async function zipOf(entries: ReadonlyArray<readonly [string, Buffer]>, patch: (zip: Buffer) => void = () => undefined): Promise<Buffer> {
  const zip = await new Promise<Buffer>((resolve, reject) => {
    const file = new yazl.ZipFile();
    for (const [name, bytes] of entries) file.addBuffer(bytes, name, { mtime: new Date('2026-11-24T10:00:00Z'), mode: 0o100644 });
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    file.outputStream.on('error', reject);
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.end();
  });
  patch(zip);
  const dir = await makeTempDir('attacker');
  dirs.push(dir);
  await fs.writeFile(path.join(dir, 'hostile.zip'), zip);
  execFileSync('age', ['-e', '-r', receiver.ageRecipient, '-o', 'hostile.zip.age', 'hostile.zip'], { cwd: dir });
  return fs.readFile(path.join(dir, 'hostile.zip.age'));
}

/**
 * Edits one entry's record in place, in both its local header and the central directory, as a
 * hand-made ZIP could hold it: another name of the same length (yazl refuses `../`), or another
 * declared uncompressed size than the data inflates to.
 */
function patchEntry(zip: Buffer, name: string, change: { rename?: string; declaredSize?: number }): void {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('not a central directory record');
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(at + 42);
      if (change.rename !== undefined) {
        if (Buffer.byteLength(change.rename) !== nameLength) throw new Error('a rename keeps the length');
        zip.write(change.rename, at + 46);
        zip.write(change.rename, local + 30);
      }
      if (change.declaredSize !== undefined) {
        zip.writeUInt32LE(change.declaredSize, at + 24);
        zip.writeUInt32LE(change.declaredSize, local + 22);
      }
      return;
    }
    at = next;
  }
  throw new Error(`no entry ${name}`);
}

/** Every file under a folder and its size: what the partner's disk holds afterwards. */
async function filesUnder(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.set(path.relative(dir, path.join(entry.parentPath, entry.name)), (await fs.stat(path.join(entry.parentPath, entry.name))).size);
  }
  return found;
}

async function importRefusal(bytes: Buffer): Promise<string> {
  try {
    await openPacket(bytes, { identities: [receiver.ageIdentity], trusted: [{ id: 's', organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', signingPem: sender.signingPem, ageRecipient: sender.ageRecipient, retiredAt: null, revokedAt: null }], ownFingerprints: [fingerprint(receiver)] });
    return 'accepted';
  } catch (error) {
    return error instanceof PacketRefused ? error.code : 'crashed';
  }
}

describe("the README's commands for a partner without Teamvalv", () => {
  it('checks our key file: the openssl hash of SENDER.pem is the signing key SHA-256 we read on the phone', async () => {
    const dir = await partner(await realPacket());
    const readme = await fs.readFile('README.md', 'utf8');
    const command = /`(openssl pkey -pubin -in SENDER\.pem -outform DER \| sha256sum)`/.exec(readme)?.[1] ?? '';
    expect(command).not.toBe('');
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', command], { cwd: dir, encoding: 'utf8' });
    expect(run.stdout.split(' ')[0]).toBe(signingKeyHash(sender.signingPem));
    expect(await fs.readFile(path.join(dir, 'SENDER.pem'), 'utf8')).toContain(`Signing key SHA-256: ${signingKeyHash(sender.signingPem)}`);
  });

  it('open and verify a real packet: every check passes, and the folder packet holds exactly the six files', async () => {
    const dir = await partner(await realPacket());
    const run = await readmeCommands(dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Signature Verified Successfully');
    expect(run.stdout).toContain('handover.json: OK\nhandover.pdf: OK\nmanifest.json: OK');
    expect(run.stdout).toContain('Packet checked: the files are in the folder packet.');
    expect((await fs.readdir(path.join(dir, 'packet'))).sort()).toEqual(['SHA256SUMS', 'SHA256SUMS.minisig', 'SHA256SUMS.sig', 'handover.json', 'handover.pdf', 'manifest.json']);
  });

  for (const file of ['handover.json', 'SHA256SUMS']) {
    it(`fail, as the import does, when ${file} was changed`, async () => {
      const bad = await changed(await realPacket(), file);
      const run = await readmeCommands(await partner(bad));
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(file === 'SHA256SUMS' ? 'REFUSED: SHA256SUMS is not signed by the key in SENDER.pem' : 'REFUSED: a file does not match SHA256SUMS');
      expect(await importRefusal(bad)).toBe(file === 'SHA256SUMS' ? 'bad-signature' : 'changed-file');
    });
  }

  it('refuse a packet that decrypts with another identity', async () => {
    const other = await generateOrgKeyPair();
    const dir = await partner(await realPacket());
    await fs.writeFile(path.join(dir, 'key.txt'), `${other.ageIdentity}\n`);
    const run = await readmeCommands(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('REFUSED: it cannot be decrypted with key.txt');
  });

  // Hostile packets that keep the genuine, signed SHA256SUMS: the old commands accepted the first
  // two (checked below), the size ones wrote what they inflated to. The script must refuse each
  // before step 6 — nothing unpacked, no folder packet, the partner's disk holding only the
  // packet, the decrypted ZIP and the two small files read alone (SHA256SUMS, its signature).
  const zeros = () => Buffer.alloc(LIMIT + 16 * 1024 * 1024);
  const hostile: ReadonlyArray<{ what: string; make: (genuine: Array<[string, Buffer]>) => Promise<Buffer>; refused: RegExp; oldCommandsAccepted: boolean; importCode: string }> = [
    {
      what: 'an unsigned extra file',
      make: (genuine) => zipOf([...genuine, ['run-me.sh', Buffer.from('#!/bin/sh\necho not signed by anyone\n')]]),
      refused: /^REFUSED: it holds other files than those SHA256SUMS names\./m,
      oldCommandsAccepted: true,
      importCode: 'bad-entry',
    },
    {
      what: 'an entry named ../handover.json (unzip strips the ../ and writes it, so sha256sum -c passed)',
      make: (genuine) => zipOf(genuine.map(([name, bytes]) => [name === 'handover.json' ? 'zz/handover.json' : name, bytes]), (zip) => patchEntry(zip, 'zz/handover.json', { rename: '../handover.json' })),
      refused: /^REFUSED: an entry name is not a plain file name\./m,
      oldCommandsAccepted: true,
      importCode: 'not-a-packet', // yauzl's strict file names refuse it while reading the ZIP
    },
    {
      what: `an entry declared larger than the limit (handover.pdf as ${(LIMIT + 16 * 1024 * 1024) / 1024 / 1024} MiB of zeros)`,
      make: (genuine) => zipOf(genuine.map(([name, bytes]) => [name, name === 'handover.pdf' ? zeros() : bytes])),
      refused: new RegExp(`^REFUSED: it declares 6\\d{7} bytes unpacked, over the limit of ${LIMIT}\\.`, 'm'),
      oldCommandsAccepted: false,
      importCode: 'bad-entry',
    },
    {
      what: 'an entry that inflates to more than it declares (the same zeros, declared as 1,000 bytes)',
      make: (genuine) => zipOf(genuine.map(([name, bytes]) => [name, name === 'handover.pdf' ? zeros() : bytes]), (zip) => patchEntry(zip, 'handover.pdf', { declaredSize: 1000 })),
      refused: new RegExp(`^REFUSED: its entries inflate to more than ${LIMIT} bytes, more than they declare\\.`, 'm'),
      oldCommandsAccepted: false,
      importCode: 'not-a-packet',
    },
  ];
  for (const { what, make, refused, oldCommandsAccepted, importCode } of hostile) {
    it(`refuse, before unpacking anything, ${what}`, async () => {
      const genuine = await entriesOf(await realPacket());
      const bad = await make(genuine);
      expect(bad.length).toBeLessThan(1024 * 1024);
      const dir = await partner(bad);
      const run = await readmeCommands(dir);
      expect(run.status, run.stdout).toBe(1);
      expect(run.stderr).toMatch(refused);
      expect(run.stdout).not.toContain('Packet checked');
      const left = await filesUnder(dir);
      expect([...left.keys()].sort()).toEqual(expect.arrayContaining(['SENDER.pem', 'check-packet.sh', 'key.txt', 'packet.zip', 'packet.zip.age']));
      expect([...left.keys()].every((name) => ['SENDER.pem', 'check-packet.sh', 'key.txt', 'packet.zip', 'packet.zip.age', 'SHA256SUMS', 'SHA256SUMS.sig'].includes(name)), [...left.keys()].join(', ')).toBe(true);
      expect([...left.values()].reduce((sum, size) => sum + size, 0)).toBeLessThan(2 * 1024 * 1024);
      expect(await importRefusal(bad)).toBe(importCode);
      if (oldCommandsAccepted) {
        const old = spawnSync('sh', ['-ec', BEFORE_ISSUE_15], { cwd: await partner(bad), encoding: 'utf8' });
        expect(old.status, old.stderr).toBe(0);
      }
    });
  }
});

describe('teamvalv verify-packet (no vault)', () => {
  it('exits 0 with the signer and the content list, or 1 with the reason', async () => {
    const packet = await realPacket();
    const dir = await partner(packet);
    const ok = spawnSync(process.execPath, [CLI, 'verify-packet', 'packet.zip.age', '--trust', 'SENDER.pem', '--identity', 'key.txt'], { cwd: dir, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Verified: signed by the key in SENDER.pem, labelled Samordningsteamet Väst (212000-2627), fingerprint ${fingerprint(sender)}`);
    expect(ok.stdout).toContain('handover.json (teamvalv-handover/1)');
    expect(ok.stdout).toContain('Case UT-2026-014');

    await fs.writeFile(path.join(dir, 'changed.zip.age'), await changed(packet, 'handover.json'));
    const bad = spawnSync(process.execPath, [CLI, 'verify-packet', 'changed.zip.age', '--trust', 'SENDER.pem', '--identity', 'key.txt'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Refused (changed-file)');
    const noIdentity = spawnSync(process.execPath, [CLI, 'verify-packet', 'packet.zip.age', '--trust', 'SENDER.pem'], { cwd: dir, encoding: 'utf8' });
    expect(noIdentity.status).toBe(1);
    expect(noIdentity.stderr).toContain('Refused (not-for-us)');
    const usage = spawnSync(process.execPath, [CLI, 'verify-packet', '--trust', 'SENDER.pem'], { cwd: dir, encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});

describe('a receipt (issue 20), checked without Teamvalv', () => {
  it('the README script and verify-packet check a receipt as a packet: the receiver signs, the sender opens', async () => {
    const answered = sampleManifest(sender, receiver).packetId;
    const receipt = await buildReceiptPacket({ manifest: sampleReceiptManifest(receiver, sender, answered), content: sampleReceipt(answered, 'not-taken-over'), pdf: Buffer.from('%PDF-1.4\n%%EOF\n'), signingPrivatePem: receiver.signingPrivatePem, encryptTo: sender.ageRecipient });
    const dir = await makeTempDir('sender');
    dirs.push(dir);
    await fs.writeFile(path.join(dir, 'packet.zip.age'), receipt);
    await fs.writeFile(path.join(dir, 'key.txt'), `${sender.ageIdentity}\n`);
    await fs.writeFile(path.join(dir, 'SENDER.pem'), renderKeyFile({ organisation: 'Arbetsförmedlingen', orgNumber: '202100-2114', signingPem: receiver.signingPem, ageRecipient: receiver.ageRecipient }));
    const ok = spawnSync(process.execPath, [CLI, 'verify-packet', 'packet.zip.age', '--trust', 'SENDER.pem', '--identity', 'key.txt'], { cwd: dir, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Receipt for packet ${answered} (case UT-2026-014): received, NOT taken over`);
    expect(ok.stdout).toContain('receipt.json (teamvalv-receipt/1)');
    const script = await readmeCommands(dir);
    expect(script.status, script.stderr).toBe(0);
    expect(script.stdout).toContain('manifest.json: OK\nreceipt.json: OK\nreceipt.pdf: OK');
  });
});
