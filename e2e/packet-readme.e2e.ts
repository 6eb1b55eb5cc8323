// The README's "Receive a packet without Teamvalv" commands, run as written (extracted from the
// README itself) with Debian's age, unzip, openssl and sha256sum on a real packet — and on packets
// with a changed file or a changed SHA256SUMS, which the commands and our import must both refuse.
// Also `teamvalv verify-packet`, the built CLI, which needs no vault.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handoverPdf } from '../main/handover/handover-pdf';
import { type OrgKeyPair, fingerprint, generateOrgKeyPair, renderKeyFile, signingKeyHash } from '../main/handover/keys';
import { PacketRefused, buildPacket, openPacket } from '../main/handover/packet';
import { sampleContent, sampleManifest } from '../main/handover/test-support/sample';
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

const readmeCommands = (dir: string) => spawnSync('bash', ['-euo', 'pipefail', '-c', commands], { cwd: dir, encoding: 'utf8' });

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

  it('open and verify a real packet', async () => {
    const dir = await partner(await realPacket());
    const run = readmeCommands(dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Signature Verified Successfully');
    expect(run.stdout).toContain('handover.json: OK\nhandover.pdf: OK\nmanifest.json: OK');
  });

  for (const file of ['handover.json', 'SHA256SUMS']) {
    it(`fail, as the import does, when ${file} was changed`, async () => {
      const bad = await changed(await realPacket(), file);
      const run = readmeCommands(await partner(bad));
      expect(run.status).not.toBe(0);
      expect(await importRefusal(bad)).toBe(file === 'SHA256SUMS' ? 'bad-signature' : 'changed-file');
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
