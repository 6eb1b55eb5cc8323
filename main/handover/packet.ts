import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { Decrypter, Encrypter } from 'age-encryption';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { HandoverContent, PACKET_FORMAT, PacketManifest, ReceiptContent } from '../../shared/handover/packet-model';
import { fingerprint, publicPemOf } from './keys';
import { minisign } from './minisign';

/**
 * Handover packets (DESIGN.md, "Handover packets"): one ZIP holding `manifest.json`, the content
 * as `handover.json` and `handover.pdf`, `SHA256SUMS` over those three, `SHA256SUMS.sig` (raw
 * Ed25519 over the exact bytes of `SHA256SUMS`) and `SHA256SUMS.minisig`; by default encrypted to
 * the recipient's age X25519 key. No vault here: the CLI's `verify-packet` uses the same code.
 *
 * A receipt (the receiver's answer, `manifest.kind` 'receipt', `inReplyTo` the packet answered) is
 * the same format with `receipt.json` and `receipt.pdf` in place of the handover's two files: the
 * same sums, signatures and encryption, so the README's commands check it unchanged.
 */
export const SUMS = 'SHA256SUMS';
export const SIG = 'SHA256SUMS.sig';
export const MINISIG = 'SHA256SUMS.minisig';
const SIGNED_FILES = ['handover.json', 'handover.pdf', 'manifest.json'] as const;
const RECEIPT_FILES = ['manifest.json', 'receipt.json', 'receipt.pdf'] as const;
const ALL_FILES = new Set<string>([...SIGNED_FILES, ...RECEIPT_FILES, SUMS, SIG, MINISIG]);
const AGE_MAGIC = Buffer.from('age-encryption.org/v1\n');
const MAX_PACKET_BYTES = 50 * 1024 * 1024;

export interface BuildInput {
  readonly manifest: PacketManifest;
  readonly content: HandoverContent;
  readonly pdf: Buffer;
  readonly signingPrivatePem: string;
  /** The recipient's age recipient; null writes a plaintext packet (an explicit, audited choice). */
  readonly encryptTo: string | null;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The packet's bytes: a ZIP, or that ZIP encrypted with age. */
export async function buildPacket(input: BuildInput): Promise<Buffer> {
  const manifest = PacketManifest.parse(input.manifest);
  if (manifest.kind === 'receipt') throw new Error('A receipt is built with buildReceiptPacket');
  const files = new Map<string, Buffer>([
    ['handover.json', Buffer.from(`${JSON.stringify(HandoverContent.parse(input.content), null, 2)}\n`)],
    ['handover.pdf', input.pdf],
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
  ]);
  return signAndSeal(files, input);
}

export interface ReceiptBuildInput extends Omit<BuildInput, 'content'> {
  readonly content: ReceiptContent;
}

/** A receipt's bytes: the same ZIP, sums, signatures and encryption as a handover packet. */
export async function buildReceiptPacket(input: ReceiptBuildInput): Promise<Buffer> {
  const manifest = PacketManifest.parse(input.manifest);
  if (manifest.kind !== 'receipt') throw new Error('A receipt’s manifest says kind "receipt"');
  const content = ReceiptContent.parse(input.content);
  if (content.answers.packetId !== manifest.inReplyTo) throw new Error('A receipt answers the packet its manifest names');
  const files = new Map<string, Buffer>([
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
    ['receipt.json', Buffer.from(`${JSON.stringify(content, null, 2)}\n`)],
    ['receipt.pdf', input.pdf],
  ]);
  return signAndSeal(files, input);
}

async function signAndSeal(files: Map<string, Buffer>, input: Pick<BuildInput, 'manifest' | 'signingPrivatePem' | 'encryptTo'>): Promise<Buffer> {
  // sha256sum's own format: hash, two spaces, name; `sha256sum -c SHA256SUMS` checks it as it is.
  const sums = Buffer.from([...files].map(([name, bytes]) => `${sha256(bytes)}  ${name}\n`).join(''));
  const key = createPrivateKey(input.signingPrivatePem);
  files.set(SUMS, sums);
  files.set(SIG, sign(null, sums, key));
  files.set(MINISIG, Buffer.from(minisign(sums, input.signingPrivatePem, `teamvalv packet ${input.manifest.packetId} ${input.manifest.createdAt}`)));
  const zip = await zipFiles(files, new Date(input.manifest.createdAt));
  if (!input.encryptTo) return zip;
  const encrypter = new Encrypter();
  encrypter.addRecipient(input.encryptTo);
  return Buffer.from(await encrypter.encrypt(zip));
}

function zipFiles(files: ReadonlyMap<string, Buffer>, mtime: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, bytes] of files) zip.addBuffer(bytes, name, { mtime, mode: 0o100644 });
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.end();
  });
}

/** Why a packet was refused. Each names one check; the UI and the CLI word them for people. */
export type RefusalCode =
  | 'too-large'
  | 'not-for-us'
  | 'not-a-packet'
  | 'bad-entry'
  | 'missing-file'
  | 'bad-sums'
  | 'bad-signature'
  | 'signer-revoked'
  | 'signer-retired'
  | 'changed-file'
  | 'bad-manifest'
  | 'unsupported-version'
  | 'wrong-recipient'
  | 'bad-content'
  /** A receipt where a handover packet was expected (it is imported under the handover it answers), or the other way round. */
  | 'is-receipt'
  | 'not-a-receipt';

export class PacketRefused extends Error {
  override name = 'PacketRefused';
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}

/** A signer the receiver trusts, from its trust store (never from the packet). */
export interface TrustedSigner {
  readonly id: string;
  readonly organisation: string;
  /** The organisationsnummer the key was trusted for: the manifest's sender must be this organisation. */
  readonly orgNumber: string;
  readonly signingPem: string;
  readonly ageRecipient: string;
  /** ISO instants; a retired key signs only packets made before it was retired, a revoked key nothing. */
  readonly retiredAt: string | null;
  readonly revokedAt: string | null;
}

export interface OpenOptions {
  /** The receiver's age identities (current and retired); empty when only plaintext packets are expected. */
  readonly identities: readonly string[];
  readonly trusted: readonly TrustedSigner[];
  /** Fingerprints of the receiver's own keys (current and retired): the manifest's recipient must be one. Null skips the check (CLI without a vault). */
  readonly ownFingerprints: readonly string[] | null;
}

export interface OpenedPacket {
  readonly kind: 'handover';
  readonly manifest: PacketManifest;
  readonly content: HandoverContent;
  readonly pdf: Buffer;
  readonly signer: TrustedSigner;
  readonly encrypted: boolean;
  /** SHA-256 of the exact bytes received. */
  readonly sha256: string;
  /** The ZIP as signed (decrypted if it was encrypted): kept, so the record can be verified again later. */
  readonly zip: Buffer;
  readonly warnings: readonly string[];
}

export interface OpenedReceipt extends Omit<OpenedPacket, 'kind' | 'content'> {
  readonly kind: 'receipt';
  readonly content: ReceiptContent;
}

/**
 * Opens and checks a packet; throws `PacketRefused` naming the first failed check. Nothing in the
 * packet decides which key verifies it: every trusted key is tried, and the one that verifies is
 * the signer. Files are read only through `SHA256SUMS`, after its signature holds.
 */
export async function openPacket(bytes: Buffer, options: OpenOptions): Promise<OpenedPacket> {
  const opened = await openAnyPacket(bytes, options);
  if (opened.kind === 'receipt') throw new PacketRefused('is-receipt', 'The file is a receipt: it is imported under the handover it answers');
  return opened;
}

/** Opens and checks a receipt exactly as a packet (`openPacket`); a handover packet is refused. */
export async function openReceipt(bytes: Buffer, options: OpenOptions): Promise<OpenedReceipt> {
  const opened = await openAnyPacket(bytes, options);
  if (opened.kind !== 'receipt') throw new PacketRefused('not-a-receipt', 'The file is a handover packet, not a receipt');
  return opened;
}

/** A handover packet or a receipt, by the same checks; the set of files says which, the signed manifest must agree. */
export async function openAnyPacket(bytes: Buffer, options: OpenOptions): Promise<OpenedPacket | OpenedReceipt> {
  if (bytes.length > MAX_PACKET_BYTES) throw new PacketRefused('too-large', 'The file is larger than any packet');
  const encrypted = bytes.subarray(0, AGE_MAGIC.length).equals(AGE_MAGIC);
  let zip = bytes;
  if (encrypted) {
    if (options.identities.length === 0) throw new PacketRefused('not-for-us', 'The packet is encrypted and no identity was given');
    try {
      const decrypter = new Decrypter();
      for (const identity of options.identities) decrypter.addIdentity(identity);
      zip = Buffer.from(await decrypter.decrypt(bytes));
    } catch {
      throw new PacketRefused('not-for-us', 'The packet cannot be decrypted with this organisation’s key (not ours, or damaged)');
    }
  }
  const files = await unzipStrict(zip);
  const isReceipt = files.has('receipt.json') || files.has('receipt.pdf');
  const signedFiles: readonly string[] = isReceipt ? RECEIPT_FILES : SIGNED_FILES;
  // One kind's files only: a handover packet never carries a receipt's files beside its own, nor the other way round.
  for (const name of files.keys()) if (![...signedFiles, SUMS, SIG, MINISIG].includes(name)) throw new PacketRefused('bad-entry', `The packet holds an unexpected entry (${name})`);
  for (const name of [SUMS, SIG, ...signedFiles]) if (!files.has(name)) throw new PacketRefused('missing-file', `The packet has no ${name}`);
  const sums = files.get(SUMS) ?? Buffer.alloc(0);
  const signature = files.get(SIG) ?? Buffer.alloc(0);
  const signer = options.trusted.find((key) => signature.length === 64 && verifySafe(sums, key.signingPem, signature));
  if (!signer) throw new PacketRefused('bad-signature', 'SHA256SUMS.sig is not a valid signature by any trusted organisation');
  const listed = parseSums(sums);
  const expected = [...signedFiles].sort();
  if (JSON.stringify([...listed.keys()].sort()) !== JSON.stringify(expected)) throw new PacketRefused('bad-sums', 'SHA256SUMS does not list exactly the packet’s files');
  for (const [name, hash] of listed) {
    if (sha256(files.get(name) ?? Buffer.alloc(0)) !== hash) throw new PacketRefused('changed-file', `${name} does not match SHA256SUMS`);
  }
  const manifest = parseJson(files.get('manifest.json'), 'bad-manifest');
  if (typeof manifest === 'object' && manifest !== null && 'format' in manifest && manifest.format !== PACKET_FORMAT) {
    throw new PacketRefused('unsupported-version', `Packet format ${String(manifest.format).slice(0, 40)} is not supported by this version`);
  }
  const parsedManifest = PacketManifest.safeParse(manifest);
  if (!parsedManifest.success) throw new PacketRefused('bad-manifest', 'manifest.json is not a valid manifest');
  const m = parsedManifest.data;
  const warnings: string[] = [];
  if (signer.revokedAt) throw new PacketRefused('signer-revoked', `${signer.organisation}'s key was revoked`);
  if (signer.retiredAt) {
    // As instants, not strings: a created-at with an offset must not slip past the retirement.
    if (!(Date.parse(m.createdAt) < Date.parse(signer.retiredAt))) throw new PacketRefused('signer-retired', `${signer.organisation}'s key was retired before the packet was made`);
    warnings.push('signed-by-retired-key');
  }
  if (m.signer.fingerprint !== fingerprint(signer)) throw new PacketRefused('bad-manifest', 'The manifest names another signer than the key that signed it');
  // The sending organisation is the one the key was trusted for: a partner cannot speak for another.
  if (m.sender.orgNumber !== signer.orgNumber) throw new PacketRefused('bad-manifest', 'The manifest names another sending organisation than the signer’s');
  if (options.ownFingerprints && !options.ownFingerprints.includes(m.recipient.keyFingerprint)) throw new PacketRefused('wrong-recipient', 'The packet is addressed to another organisation');
  if ((m.kind === 'receipt') !== isReceipt) throw new PacketRefused('bad-manifest', 'The manifest names other files than the packet holds');
  const common = { manifest: m, signer, encrypted, sha256: sha256(bytes), zip, warnings };
  if (isReceipt) {
    const receipt = ReceiptContent.safeParse(parseJson(files.get('receipt.json'), 'bad-content'));
    if (!receipt.success) throw new PacketRefused('bad-content', 'receipt.json does not hold a valid receipt');
    if (receipt.data.answers.packetId !== m.inReplyTo) throw new PacketRefused('bad-content', 'The receipt answers another packet than its manifest names');
    return { ...common, kind: 'receipt', content: receipt.data, pdf: files.get('receipt.pdf') ?? Buffer.alloc(0) };
  }
  const content = HandoverContent.safeParse(parseJson(files.get('handover.json'), 'bad-content'));
  if (!content.success) throw new PacketRefused('bad-content', 'handover.json does not hold a valid handover');
  return { ...common, kind: 'handover', content: content.data, pdf: files.get('handover.pdf') ?? Buffer.alloc(0) };
}

function verifySafe(message: Buffer, pem: string, signature: Buffer): boolean {
  try {
    return verify(null, message, createPublicKey(pem), signature);
  } catch {
    return false;
  }
}

/** Strict sha256sum lines: 64 hex, two spaces, a plain name; each name once. */
function parseSums(sums: Buffer): Map<string, string> {
  const text = sums.toString('utf8');
  if (!text.endsWith('\n')) throw new PacketRefused('bad-sums', 'SHA256SUMS is malformed');
  const listed = new Map<string, string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const match = /^([0-9a-f]{64}) {2}([A-Za-z0-9._-]{1,100})$/.exec(line);
    if (!match?.[1] || !match[2] || listed.has(match[2])) throw new PacketRefused('bad-sums', 'SHA256SUMS is malformed');
    listed.set(match[2], match[1]);
  }
  return listed;
}

function parseJson(bytes: Buffer | undefined, code: RefusalCode): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes ?? Buffer.alloc(0)));
  } catch {
    throw new PacketRefused(code, 'A packet file is not valid JSON');
  }
}

/**
 * Reads every entry, refusing what a packet never holds: folders, paths, names outside the
 * packet's set, duplicates, encrypted entries, entries too large.
 */
function unzipStrict(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const refuse = (code: RefusalCode, message: string) => reject(new PacketRefused(code, message));
    yauzl.fromBuffer(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true, decodeStrings: true }, (error, file) => {
      if (error || !file) return refuse('not-a-packet', 'The file is not a packet (not a readable ZIP)');
      const files = new Map<string, Buffer>();
      let total = 0;
      let failed = false;
      const fail = (code: RefusalCode, message: string) => {
        if (failed) return;
        failed = true;
        if (file.isOpen) file.close();
        refuse(code, message);
      };
      file.on('error', () => fail('not-a-packet', 'The packet’s ZIP is damaged'));
      file.on('end', () => {
        if (!failed) resolve(files);
      });
      file.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (!ALL_FILES.has(name)) return fail('bad-entry', `The packet holds an unexpected entry (${name.slice(0, 80)})`);
        if (files.has(name)) return fail('bad-entry', `The packet holds ${name} twice`);
        if (entry.isEncrypted() || entry.uncompressedSize > MAX_PACKET_BYTES) return fail('bad-entry', `The packet entry ${name} cannot be read`);
        total += entry.uncompressedSize;
        if (total > MAX_PACKET_BYTES) return fail('too-large', 'The packet unpacks to more than any packet holds');
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail('not-a-packet', 'The packet’s ZIP is damaged');
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', () => fail('not-a-packet', 'The packet’s ZIP is damaged'));
          stream.on('end', () => {
            if (failed) return;
            files.set(name, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

/** The fingerprint of the key pair a private signing key and an age recipient form (for the manifest). */
export function ownFingerprint(signingPrivatePem: string, ageRecipient: string): string {
  return fingerprint({ signingPem: publicPemOf(signingPrivatePem), ageRecipient });
}
