import { createPrivateKey, sign } from 'node:crypto';
import { blake2b } from '@noble/hashes/blake2.js';
import { minisignKeyId, publicPemOf } from './keys';

/**
 * A minisign signature (`SHA256SUMS.minisig`) for partners who verify with minisign rather than
 * openssl: the pre-hashed "ED" variant — Ed25519 over BLAKE2b-512 of the file — with a trusted
 * comment covered by a second, global signature, exactly as `minisign -V` checks it. @noble/hashes
 * provides BLAKE2b (Electron's BoringSSL may lack it).
 */
export function minisign(message: Uint8Array, signingPrivatePem: string, trustedComment: string): string {
  const key = createPrivateKey(signingPrivatePem);
  const keyId = minisignKeyId(publicPemOf(signingPrivatePem));
  const signature = sign(null, Buffer.from(blake2b(message)), key);
  const comment = trustedComment.replace(/[\r\n]+/g, ' ');
  const global = sign(null, Buffer.concat([signature, Buffer.from(comment, 'utf8')]), key);
  return [
    'untrusted comment: signature from a Teamvalv organisation key',
    Buffer.concat([Buffer.from('ED'), keyId, signature]).toString('base64'),
    `trusted comment: ${comment}`,
    global.toString('base64'),
    '',
  ].join('\n');
}
