import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';

/**
 * An organisation's packet keys (DESIGN.md, "Handover packets"): Ed25519 for signing (PEM, which
 * openssl reads; the same key in minisign's format) and X25519 for encryption (an age recipient).
 * One fingerprint covers both, shown as eight groups of five digits to read aloud on the phone.
 */
export interface PublicOrgKey {
  /** The Ed25519 public key as SPKI PEM. */
  readonly signingPem: string;
  /** The age X25519 recipient, `age1…`. */
  readonly ageRecipient: string;
}

export interface OrgKeyPair extends PublicOrgKey {
  /** PKCS#8 PEM. Kept only inside the encrypted vault. */
  readonly signingPrivatePem: string;
  /** `AGE-SECRET-KEY-1…`. Kept only inside the encrypted vault. */
  readonly ageIdentity: string;
}

export async function generateOrgKeyPair(): Promise<OrgKeyPair> {
  const pair = generateKeyPairSync('ed25519');
  const ageIdentity = await generateX25519Identity();
  return {
    signingPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signingPrivatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ageIdentity,
    ageRecipient: await identityToRecipient(ageIdentity),
  };
}

/** The raw 32 bytes of an Ed25519 public key (the tail of its SPKI encoding). */
export function rawEd25519(pem: string): Buffer {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('Not an Ed25519 key');
  return key.export({ type: 'spki', format: 'der' }).subarray(-32);
}

/** The same as `rawEd25519` for a private key's public half (checks a stored pair belongs together). */
export function publicPemOf(privatePem: string): string {
  return createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * SHA-256 over both public keys, as 8 groups of 5 digits (each group 4 bytes mod 100000, about
 * 133 bits in all): what two people compare on the phone before trusting a key file.
 */
export function fingerprint(key: PublicOrgKey): string {
  const digest = createHash('sha256').update('teamvalv-org-key-v1\n').update(rawEd25519(key.signingPem)).update('\n').update(key.ageRecipient).digest();
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(String(digest.readUInt32BE(i * 4) % 100000).padStart(5, '0'));
  return groups.join(' ');
}

/** minisign's key id: 8 bytes, derived from the public key so the same key always has the same id. */
export function minisignKeyId(signingPem: string): Buffer {
  return createHash('sha256').update('teamvalv-minisign-key-id').update(rawEd25519(signingPem)).digest().subarray(0, 8);
}

/** The public key in minisign's format (`RW…`): "Ed", key id, raw key. */
export function minisignPublicKey(signingPem: string): string {
  return Buffer.concat([Buffer.from('Ed'), minisignKeyId(signingPem), rawEd25519(signingPem)]).toString('base64');
}

export interface OrgKeyFile extends PublicOrgKey {
  readonly organisation: string;
  readonly orgNumber: string;
  readonly fingerprint: string;
}

/**
 * The public key file a partner receives: a few labelled lines, then the PEM block. openssl reads
 * the file as it is (text before `-----BEGIN` is skipped), so the same file serves
 * `openssl pkeyutl -verify -pubin -inkey FILE`, the age recipient line and minisign's key line.
 */
export function renderKeyFile(file: Omit<OrgKeyFile, 'fingerprint'>): string {
  return [
    'Teamvalv organisation public key',
    `Organisation: ${oneLine(file.organisation)}`,
    `Organisationsnummer: ${oneLine(file.orgNumber)}`,
    `Fingerprint: ${fingerprint(file)}`,
    `age recipient: ${file.ageRecipient}`,
    `minisign public key: ${minisignPublicKey(file.signingPem)}`,
    `Signing key SHA-256: ${signingKeyHash(file.signingPem)}`,
    file.signingPem.trim(),
    '',
  ].join('\n');
}

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').trim();

/**
 * SHA-256 of the signing key's DER encoding, in hex — what a partner without Teamvalv computes with
 * `openssl pkey -pubin -in SENDER.pem -outform DER | sha256sum` and compares on the phone.
 */
export function signingKeyHash(signingPem: string): string {
  return createHash('sha256').update(createPublicKey(signingPem).export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Looks like one of our key files (so it is never read as a bare recipient when it fails its checks). */
export function looksLikeKeyFile(text: string): boolean {
  return text.includes('-----BEGIN') || text.includes('Teamvalv organisation public key');
}

/**
 * Reads a key file; null when it is not exactly one — the layout `renderKeyFile` writes, one PEM
 * block, the fingerprint and hash lines matching the keys. Anything else (a second key block that
 * openssl might read instead, an edited line) is refused rather than interpreted.
 */
export function parseKeyFile(text: string): OrgKeyFile | null {
  if (text.length > 10_000) return null;
  if ((text.match(/-----BEGIN/g) ?? []).length !== 1) return null;
  const field = (label: string): string | null => {
    const line = text.split(/\r?\n/).find((l) => l.startsWith(`${label}: `));
    return line ? line.slice(label.length + 2).trim() : null;
  };
  const pem = /-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----/.exec(text)?.[0];
  const organisation = field('Organisation');
  const orgNumber = field('Organisationsnummer');
  const ageRecipient = field('age recipient');
  const printed = field('Fingerprint');
  if (!pem || !organisation || !orgNumber || !ageRecipient || !printed) return null;
  if (!/^age1[02-9ac-hj-np-z]{58}$/.test(ageRecipient)) return null;
  let signingPem: string;
  try {
    rawEd25519(pem);
    signingPem = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    return null;
  }
  const key = { signingPem, ageRecipient };
  if (fingerprint(key) !== printed) return null;
  // Byte for byte what we would write for these keys (line endings aside): nothing added, nothing moved.
  if (renderKeyFile({ organisation, orgNumber, ...key }) !== text.replace(/\r\n/g, '\n').replace(/\n*$/, '\n')) return null;
  return { ...key, organisation, orgNumber, fingerprint: printed };
}

/**
 * A partner without Teamvalv sends only its age recipient (what `age-keygen` prints as
 * "Public key: age1…"): we can encrypt to it, never verify anything from it. Its fingerprint is
 * made the same way, over the recipient alone; on the phone the recipient string itself is read.
 */
export function recipientFingerprint(ageRecipient: string): string {
  const digest = createHash('sha256').update('teamvalv-age-recipient-v1\n').update(ageRecipient).digest();
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(String(digest.readUInt32BE(i * 4) % 100000).padStart(5, '0'));
  return groups.join(' ');
}

/** One age recipient in a small text file (comments and a "Public key:" label allowed); null otherwise. */
export function parseRecipientFile(text: string): string | null {
  if (text.length > 2000 || text.includes('AGE-SECRET-KEY-')) return null;
  const found = new Set(text.match(/\bage1[02-9ac-hj-np-z]{58}\b/g) ?? []);
  return found.size === 1 ? ([...found][0] ?? null) : null;
}
