// Handover packets against the standard tools a partner without Teamvalv uses: Debian's `age`,
// `openssl`, `sha256sum`, `unzip` and `minisign` (installed by .ci/run), and against our own
// import, which must refuse every change, every byte flip that would change content, a revoked or
// retired signer and a packet re-signed with a key it carries itself.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/temp-dir';
import { type OrgKeyPair, fingerprint, generateOrgKeyPair, minisignPublicKey, parseKeyFile, renderKeyFile } from './keys';
import { type OpenOptions, PacketRefused, type TrustedSigner, buildPacket, buildReceiptPacket, openPacket, openReceipt } from './packet';
import { sampleContent, sampleManifest, sampleReceipt, sampleReceiptManifest } from './test-support/sample';

const tempDir = useTempDirs();
// A small PDF-shaped file: the packet treats it as bytes (the real one comes from the PDF engine).
const PDF = Buffer.from('%PDF-1.4\n% Teamvalv test\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let sender: OrgKeyPair;
let receiver: OrgKeyPair;
let senderFile: string;

const trustedSender = (changes: Partial<TrustedSigner> = {}): TrustedSigner => ({ id: 'sender', organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', signingPem: sender.signingPem, ageRecipient: sender.ageRecipient, retiredAt: null, revokedAt: null, ...changes });
const options = (changes: Partial<OpenOptions> = {}): OpenOptions => ({ identities: [receiver.ageIdentity], trusted: [trustedSender()], ownFingerprints: [fingerprint(receiver)], ...changes });

beforeAll(async () => {
  sender = await generateOrgKeyPair();
  receiver = await generateOrgKeyPair();
  senderFile = renderKeyFile({ organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', signingPem: sender.signingPem, ageRecipient: sender.ageRecipient });
});

async function refusal(bytes: Buffer, opts = options()): Promise<string> {
  try {
    await openPacket(bytes, opts);
    return 'accepted';
  } catch (error) {
    if (error instanceof PacketRefused) return error.code;
    throw error;
  }
}

/** Writes the packet and the partner's files into a folder, as the README tells a partner to. */
async function partnerFolder(packet: Buffer, encrypted: boolean): Promise<string> {
  const dir = await tempDir();
  await fs.writeFile(path.join(dir, encrypted ? 'packet.zip.age' : 'packet.zip'), packet);
  await fs.writeFile(path.join(dir, 'SENDER.pem'), senderFile);
  await fs.writeFile(path.join(dir, 'key.txt'), `${receiver.ageIdentity}\n`);
  return dir;
}

const run = (command: string, args: string[], cwd: string) => spawnSync(command, args, { cwd, encoding: 'utf8' });

describe('the key file', () => {
  it('round-trips, and a changed key or fingerprint line is refused', () => {
    const parsed = parseKeyFile(senderFile);
    expect(parsed).toMatchObject({ organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', ageRecipient: sender.ageRecipient, fingerprint: fingerprint(sender) });
    expect(fingerprint(sender)).toMatch(/^(\d{5} ){7}\d{5}$/);
    expect(parseKeyFile(senderFile.replace(sender.ageRecipient, receiver.ageRecipient))).toBeNull();
    // Another first digit (the keys are random: replacing it with a fixed digit was a no-op one time in ten).
    expect(parseKeyFile(senderFile.replace(/Fingerprint: (\d)/, (_, digit: string) => `Fingerprint: ${(Number(digit) + 1) % 10}`))).toBeNull();
    expect(parseKeyFile(senderFile.replace(/\n/g, '\r\n'))).not.toBeNull();
  });

  it('a second key block that openssl would read first is refused, not interpreted', async () => {
    const intruder = await generateOrgKeyPair();
    const lines = intruder.signingPem.trim().split('\n');
    // The intruder's block with one base64 line indented: openssl still reads it, a strict regex would skip it.
    const smuggled = [lines[0], ` ${lines[1]}`, ...lines.slice(2)].join('\n');
    const file = senderFile.replace('-----BEGIN PUBLIC KEY-----', `${smuggled}\n-----BEGIN PUBLIC KEY-----`);
    expect(parseKeyFile(file)).toBeNull();
    expect(parseKeyFile(`${senderFile}extra line\n`)).toBeNull();
  });
});

describe('a default (encrypted) packet, checked with standard tools', () => {
  it('age decrypts it, openssl verifies SHA256SUMS.sig with the sender’s key file, sha256sum -c passes, minisign -V verifies', async () => {
    const packet = await buildPacket({ manifest: sampleManifest(sender, receiver), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: receiver.ageRecipient });
    expect(packet.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const dir = await partnerFolder(packet, true);
    expect(run('age', ['-d', '-i', 'key.txt', '-o', 'packet.zip', 'packet.zip.age'], dir).status).toBe(0);
    expect(run('unzip', ['-q', 'packet.zip', '-d', 'packet'], dir).status).toBe(0);
    const inside = path.join(dir, 'packet');
    expect((await fs.readdir(inside)).sort()).toEqual(['SHA256SUMS', 'SHA256SUMS.minisig', 'SHA256SUMS.sig', 'handover.json', 'handover.pdf', 'manifest.json']);
    const openssl = run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', '../SENDER.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'], inside);
    expect(openssl.stdout + openssl.stderr).toContain('Signature Verified Successfully');
    expect(openssl.status).toBe(0);
    const sums = run('sha256sum', ['-c', 'SHA256SUMS'], inside);
    expect(sums.status, sums.stdout).toBe(0);
    expect(sums.stdout).toBe('handover.json: OK\nhandover.pdf: OK\nmanifest.json: OK\n');
    const minisign = run('minisign', ['-V', '-m', 'SHA256SUMS', '-P', minisignPublicKey(sender.signingPem)], inside);
    expect(minisign.status, minisign.stderr).toBe(0);
    expect(minisign.stdout).toContain('Signature and comment signature verified');
    // Our own import agrees, and reads the content.
    const opened = await openPacket(packet, options());
    expect(opened).toMatchObject({ encrypted: true, content: sampleContent(), signer: { id: 'sender' }, warnings: [] });
    expect(opened.pdf.equals(PDF)).toBe(true);
  });

  it('someone else’s identity cannot decrypt it, with age or with our import', async () => {
    const packet = await buildPacket({ manifest: sampleManifest(sender, receiver), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: receiver.ageRecipient });
    const dir = await partnerFolder(packet, true);
    await fs.writeFile(path.join(dir, 'key.txt'), `${sender.ageIdentity}\n`);
    expect(run('age', ['-d', '-i', 'key.txt', '-o', 'packet.zip', 'packet.zip.age'], dir).status).not.toBe(0);
    expect(await refusal(packet, options({ identities: [sender.ageIdentity] }))).toBe('not-for-us');
  });
});

describe('changes to a packet', () => {
  async function unpackedPlain(): Promise<{ dir: string; inside: string }> {
    const packet = await buildPacket({ manifest: sampleManifest(sender, receiver), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: null });
    const dir = await partnerFolder(packet, false);
    execFileSync('unzip', ['-q', 'packet.zip', '-d', 'packet'], { cwd: dir });
    return { dir, inside: path.join(dir, 'packet') };
  }
  const rezip = (inside: string): Promise<Buffer> => {
    execFileSync('zip', ['-q', '-X', '../changed.zip', 'SHA256SUMS', 'SHA256SUMS.sig', 'SHA256SUMS.minisig', 'handover.json', 'handover.pdf', 'manifest.json'], { cwd: inside });
    return fs.readFile(path.join(inside, '..', 'changed.zip'));
  };

  for (const file of ['handover.json', 'handover.pdf', 'manifest.json', 'SHA256SUMS']) {
    it(`changing ${file} makes the README's checks and the import fail`, async () => {
      const { inside } = await unpackedPlain();
      const bytes = await fs.readFile(path.join(inside, file));
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      await fs.writeFile(path.join(inside, file), bytes);
      const openssl = run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', '../SENDER.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'], inside);
      const sums = run('sha256sum', ['-c', 'SHA256SUMS'], inside);
      // Either the signature over SHA256SUMS fails (SHA256SUMS changed) or a file no longer matches it.
      expect(openssl.status !== 0 || sums.status !== 0).toBe(true);
      if (file === 'SHA256SUMS') expect(openssl.status).not.toBe(0);
      else expect(sums.status).not.toBe(0);
      expect(await refusal(await rezip(inside))).toBe(file === 'SHA256SUMS' ? 'bad-signature' : 'changed-file');
    });
  }

  it('an extra, a duplicate or a path-traversing entry is refused', async () => {
    const { inside } = await unpackedPlain();
    await fs.writeFile(path.join(inside, 'extra.txt'), 'x');
    execFileSync('zip', ['-q', '-X', '../extra.zip', 'SHA256SUMS', 'SHA256SUMS.sig', 'SHA256SUMS.minisig', 'handover.json', 'handover.pdf', 'manifest.json', 'extra.txt'], { cwd: inside });
    expect(await refusal(await fs.readFile(path.join(inside, '..', 'extra.zip')))).toBe('bad-entry');
    // A duplicate: the same name added twice (yazl writes what it is given).
    const zip = await rezip(inside);
    const duplicated = await duplicateEntry(zip, inside);
    expect(await refusal(duplicated)).toBe('bad-entry');
    // A path: ../ndover.pdf — yauzl's strict names refuse it before our own check sees it …
    const traversing = Buffer.from(zip.toString('latin1').replaceAll('handover.pdf', '../ndover.pdf'), 'latin1');
    expect(await refusal(traversing)).toBe('not-a-packet');
    // … and a plain sub-folder name, which yauzl allows, is refused by ours.
    const nested = Buffer.from(zip.toString('latin1').replaceAll('handover.pdf', 'sub/over.pdf'), 'latin1');
    expect(await refusal(nested)).toBe('bad-entry');
  });

  it('a packet re-signed with a key carried inside it is refused; a revoked signer is refused; a retired one only after its retirement', async () => {
    const intruder = await generateOrgKeyPair();
    const manifest = sampleManifest(intruder, receiver);
    const forged = await buildPacket({ manifest, content: sampleContent(), pdf: Buffer.from(intruder.signingPem), signingPrivatePem: intruder.signingPrivatePem, encryptTo: receiver.ageRecipient });
    expect(await refusal(forged)).toBe('bad-signature');
    // The intruder also ships its public key file inside the packet: refused as an entry that does not belong.
    const { inside } = await unpackedPlain();
    await fs.writeFile(path.join(inside, 'SENDER.pem'), renderKeyFile({ organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', signingPem: intruder.signingPem, ageRecipient: intruder.ageRecipient }));
    execFileSync('zip', ['-q', '-X', '../with-key.zip', 'SHA256SUMS', 'SHA256SUMS.sig', 'SHA256SUMS.minisig', 'handover.json', 'handover.pdf', 'manifest.json', 'SENDER.pem'], { cwd: inside });
    expect(await refusal(await fs.readFile(path.join(inside, '..', 'with-key.zip')))).toBe('bad-entry');
    // A signer trusted for another organisation cannot send as this one.
    const plain = await buildPacket({ manifest: sampleManifest(sender, receiver), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: null });
    expect(await refusal(plain, options({ trusted: [trustedSender({ orgNumber: '202100-5521' })] }))).toBe('bad-manifest');
    // A created-at with an offset is compared as an instant: 09:30-02:00 is after a 10:00Z retirement.
    const offset = await buildPacket({ manifest: sampleManifest(sender, receiver, '2026-11-24T09:30:00.000-02:00'), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: null });
    expect(await refusal(offset, options({ trusted: [trustedSender({ retiredAt: '2026-11-24T10:00:00.000Z' })] }))).toBe('signer-retired');

    const packet = await buildPacket({ manifest: sampleManifest(sender, receiver, '2026-11-24T10:00:00.000Z'), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: receiver.ageRecipient });
    expect(await refusal(packet, options({ trusted: [trustedSender({ revokedAt: '2026-12-01T00:00:00.000Z' })] }))).toBe('signer-revoked');
    expect(await refusal(packet, options({ trusted: [trustedSender({ retiredAt: '2026-11-20T00:00:00.000Z' })] }))).toBe('signer-retired');
    const beforeRetirement = await openPacket(packet, options({ trusted: [trustedSender({ retiredAt: '2026-12-01T00:00:00.000Z' })] }));
    expect(beforeRetirement.warnings).toEqual(['signed-by-retired-key']);
    expect(await refusal(packet, options({ ownFingerprints: [fingerprint(sender)] }))).toBe('wrong-recipient');
  });
});

describe('flipping any single byte', () => {
  it('of a plaintext packet never imports different content: refused with a reason, or the signed content exactly', async () => {
    const content = sampleContent();
    const packet = await buildPacket({ manifest: sampleManifest(sender, receiver), content, pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: null });
    const reasons = new Map<string, number>();
    let accepted = 0;
    for (let i = 0; i < packet.length; i++) {
      const flipped = Buffer.from(packet);
      flipped[i] = (flipped[i] ?? 0) ^ 0xff;
      try {
        const opened = await openPacket(flipped, options());
        accepted++;
        expect(opened.content).toEqual(content);
        expect(opened.pdf.equals(PDF)).toBe(true);
      } catch (error) {
        if (!(error instanceof PacketRefused)) throw error;
        reasons.set(error.code, (reasons.get(error.code) ?? 0) + 1);
      }
    }
    // Both outcomes happen: ZIP metadata flips import the signed content, content flips are refused.
    expect(accepted).toBeGreaterThan(0);
    expect([...reasons.values()].reduce((a, b) => a + b, 0) + accepted).toBe(packet.length);
    expect(reasons.get('changed-file') ?? 0).toBeGreaterThan(0);
  });

  it('of an encrypted packet is always refused', async () => {
    const packet = await buildPacket({ manifest: sampleManifest(sender, receiver), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: receiver.ageRecipient });
    for (let i = 0; i < packet.length; i++) {
      const flipped = Buffer.from(packet);
      flipped[i] = (flipped[i] ?? 0) ^ 0xff;
      const code = await refusal(flipped);
      expect({ i, code }).toEqual({ i, code: expect.not.stringMatching(/^accepted$/) });
    }
  });
});

describe('a receipt (the receiver’s answer)', () => {
  // The receiver answers: it signs with its key and encrypts to the sender's; the sender reads it.
  const receiptOptions = (changes: Partial<OpenOptions> = {}): OpenOptions => ({
    identities: [sender.ageIdentity],
    trusted: [{ id: 'receiver', organisation: 'Arbetsförmedlingen', orgNumber: '202100-2114', signingPem: receiver.signingPem, ageRecipient: receiver.ageRecipient, retiredAt: null, revokedAt: null }],
    ownFingerprints: [fingerprint(sender)],
    ...changes,
  });
  const receiptPacket = (packetId: string, encrypt = true, outcome: 'taken-over' | 'not-taken-over' = 'not-taken-over') =>
    buildReceiptPacket({ manifest: sampleReceiptManifest(receiver, sender, packetId), content: sampleReceipt(packetId, outcome), pdf: PDF, signingPrivatePem: receiver.signingPrivatePem, encryptTo: encrypt ? sender.ageRecipient : null });

  it('is the same format: age, openssl, sha256sum -c and minisign check it; our import reads it as a receipt only', async () => {
    const original = sampleManifest(sender, receiver);
    const receipt = await receiptPacket(original.packetId);
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'packet.zip.age'), receipt);
    await fs.writeFile(path.join(dir, 'SENDER.pem'), renderKeyFile({ organisation: 'Arbetsförmedlingen', orgNumber: '202100-2114', signingPem: receiver.signingPem, ageRecipient: receiver.ageRecipient }));
    await fs.writeFile(path.join(dir, 'key.txt'), `${sender.ageIdentity}\n`);
    expect(run('age', ['-d', '-i', 'key.txt', '-o', 'packet.zip', 'packet.zip.age'], dir).status).toBe(0);
    expect(run('unzip', ['-q', 'packet.zip', '-d', 'packet'], dir).status).toBe(0);
    const inside = path.join(dir, 'packet');
    expect((await fs.readdir(inside)).sort()).toEqual(['SHA256SUMS', 'SHA256SUMS.minisig', 'SHA256SUMS.sig', 'manifest.json', 'receipt.json', 'receipt.pdf']);
    const openssl = run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', '../SENDER.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'], inside);
    expect(openssl.status, openssl.stderr).toBe(0);
    expect(run('sha256sum', ['-c', 'SHA256SUMS'], inside).stdout).toBe('manifest.json: OK\nreceipt.json: OK\nreceipt.pdf: OK\n');
    expect(run('minisign', ['-V', '-m', 'SHA256SUMS', '-P', minisignPublicKey(receiver.signingPem)], inside).status).toBe(0);
    const manifest = JSON.parse(await fs.readFile(path.join(inside, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ kind: 'receipt', inReplyTo: original.packetId, files: { content: 'receipt.json', pdf: 'receipt.pdf' } });

    const opened = await openReceipt(receipt, receiptOptions());
    expect(opened).toMatchObject({ kind: 'receipt', encrypted: true, signer: { id: 'receiver' }, content: sampleReceipt(original.packetId, 'not-taken-over') });
    // Offered as a handover packet, it is refused by name (it is imported under the handover it answers) …
    expect(await refusal(receipt, receiptOptions())).toBe('is-receipt');
    // … and a handover packet offered as a receipt likewise.
    const handover = await buildPacket({ manifest: original, content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: receiver.ageRecipient });
    await expect(openReceipt(handover, options())).rejects.toMatchObject({ code: 'not-a-receipt' });
  });

  it('a handover packet’s manifest has no kind (older versions read it as before); a manifest without kind still opens', async () => {
    const packet = await buildPacket({ manifest: sampleManifest(sender, receiver), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: null });
    const opened = await openPacket(packet, options());
    expect(opened.kind).toBe('handover');
    expect('kind' in opened.manifest).toBe(false);
    expect(opened.zip.includes(Buffer.from('"kind"'))).toBe(false);
  });

  it('a receipt with a handover’s files, a handover carrying a receipt file, or a receipt without inReplyTo is refused', async () => {
    // A receipt's file smuggled into a handover packet (unsigned, beside the signed files).
    const packet = await buildPacket({ manifest: sampleManifest(sender, receiver), content: sampleContent(), pdf: PDF, signingPrivatePem: sender.signingPrivatePem, encryptTo: null });
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'p.zip'), packet);
    execFileSync('unzip', ['-q', 'p.zip', '-d', 'inside'], { cwd: dir });
    await fs.writeFile(path.join(dir, 'inside', 'receipt.json'), '{}');
    execFileSync('zip', ['-q', '-X', '../mixed.zip', 'SHA256SUMS', 'SHA256SUMS.sig', 'SHA256SUMS.minisig', 'handover.json', 'handover.pdf', 'manifest.json', 'receipt.json'], { cwd: path.join(dir, 'inside') });
    expect(await refusal(await fs.readFile(path.join(dir, 'mixed.zip')))).toBe('bad-entry');
    // The builder refuses a receipt that names no packet, or another packet than its content answers.
    const id = sampleManifest(sender, receiver).packetId;
    await expect(buildReceiptPacket({ manifest: { ...sampleReceiptManifest(receiver, sender, id), inReplyTo: null }, content: sampleReceipt(id), pdf: PDF, signingPrivatePem: receiver.signingPrivatePem, encryptTo: null })).rejects.toThrow();
    await expect(buildReceiptPacket({ manifest: sampleReceiptManifest(receiver, sender, id), content: sampleReceipt(sampleManifest(sender, receiver).packetId), pdf: PDF, signingPrivatePem: receiver.signingPrivatePem, encryptTo: null })).rejects.toThrow();
    // Not taken over needs its reason; taken over gives none.
    await expect(buildReceiptPacket({ manifest: sampleReceiptManifest(receiver, sender, id), content: { ...sampleReceipt(id, 'not-taken-over'), reason: ' ' }, pdf: PDF, signingPrivatePem: receiver.signingPrivatePem, encryptTo: null })).rejects.toThrow();
    const plain = await receiptPacket(id, false, 'taken-over');
    expect((await openReceipt(plain, receiptOptions())).content).toMatchObject({ outcome: 'taken-over', reason: null });
  });
});

/** A ZIP with one entry twice: yazl adds what it is given, so the second manifest.json is real. */
async function duplicateEntry(_zip: Buffer, inside: string): Promise<Buffer> {
  const yazl = (await import('yazl')).default;
  const zip = new yazl.ZipFile();
  for (const name of ['SHA256SUMS', 'SHA256SUMS.sig', 'SHA256SUMS.minisig', 'handover.json', 'handover.pdf', 'manifest.json', 'manifest.json']) {
    zip.addBuffer(await fs.readFile(path.join(inside, name)), name);
  }
  const chunks: Buffer[] = [];
  zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => zip.outputStream.on('end', resolve));
  zip.end();
  await done;
  return Buffer.concat(chunks);
}
