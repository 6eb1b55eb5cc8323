import { randomUUID } from 'node:crypto';
import type { HandoverContent, PacketManifest, ReceiptContent } from '../../../shared/handover/packet-model';
import { type OrgKeyPair, fingerprint } from '../keys';

/** An invented handover between two invented organisations, for packet tests. */
export function sampleContent(): HandoverContent {
  return {
    schema: 'teamvalv-handover/1',
    caseCode: 'UT-2026-014',
    ageBand: '18-20',
    date: '2026-11-24',
    from: { organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', function: 'Ungdomsteamet, socialtjänsten' },
    to: { organisation: 'Arbetsförmedlingen', orgNumber: '202100-2114', function: 'Arbetsförmedlingen, ungdomsenheten Väst' },
    participants: [
      { name: 'Kim Ordförande', organisation: 'Socialtjänsten' },
      { name: 'Sam Sekreterare', organisation: 'Arbetsförmedlingen' },
    ],
    reason: 'Insatsen fortsätter inom Arbetsförmedlingens program.',
    consent: { reference: 'Samtycke 2026-11-01, arkiverat hos socialtjänsten', validTo: '2027-05-01', override: null },
    goals: 'Komma i arbete inom lager och logistik.',
    insatser: [{ text: 'Arbetsträning fyra dagar i veckan', responsible: 'Arbetsförmedlingen' }],
    newCaseOwner: 'Arbetsförmedlingen, ungdomsenheten Väst',
    followUpDate: '2027-01-15',
    earlierMinutes: [],
  };
}

export function sampleManifest(sender: OrgKeyPair, recipient: OrgKeyPair, createdAt = '2026-11-24T10:00:00.000Z'): PacketManifest {
  return {
    format: 'teamvalv-packet/1',
    packetId: randomUUID(),
    conversationId: randomUUID(),
    inReplyTo: null,
    sender: { organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', function: 'Ungdomsteamet, socialtjänsten', homeOrganisation: 'Socialtjänsten' },
    recipient: { organisation: 'Arbetsförmedlingen', orgNumber: '202100-2114', function: 'Arbetsförmedlingen, ungdomsenheten Väst', keyFingerprint: fingerprint(recipient) },
    confidential: true,
    createdAt,
    signer: { organisation: 'Samordningsteamet Väst', fingerprint: fingerprint(sender) },
    auditHead: { seq: 12, hash: 'a'.repeat(64) },
    files: { content: 'handover.json', pdf: 'handover.pdf' },
  };
}

/** The receiver's answer to a sample packet: `answerer` (the handover's receiver) signs, `to` (its sender) receives. */
export function sampleReceiptManifest(answerer: OrgKeyPair, to: OrgKeyPair, inReplyTo: string, createdAt = '2026-11-26T09:00:00.000Z'): PacketManifest {
  return {
    format: 'teamvalv-packet/1',
    packetId: randomUUID(),
    conversationId: randomUUID(),
    inReplyTo,
    sender: { organisation: 'Arbetsförmedlingen', orgNumber: '202100-2114', function: 'Arbetsförmedlingen, ungdomsenheten Väst', homeOrganisation: 'Arbetsförmedlingen' },
    recipient: { organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', function: 'Ungdomsteamet, socialtjänsten', keyFingerprint: fingerprint(to) },
    confidential: true,
    createdAt,
    signer: { organisation: 'Arbetsförmedlingen', fingerprint: fingerprint(answerer) },
    auditHead: { seq: 40, hash: 'b'.repeat(64) },
    kind: 'receipt',
    files: { content: 'receipt.json', pdf: 'receipt.pdf' },
  };
}

export function sampleReceipt(packetId: string, outcome: ReceiptContent['outcome'] = 'taken-over'): ReceiptContent {
  return {
    schema: 'teamvalv-receipt/1',
    answers: { packetId, sha256: 'c'.repeat(64), caseCode: 'UT-2026-014' },
    outcome,
    reason: outcome === 'taken-over' ? null : 'Insatsen passar inte: ungdomen har redan en plats hos kommunen.',
    receivedOn: '2026-11-25',
    answeredAt: '2026-11-26T09:00:00.000Z',
    from: { organisation: 'Arbetsförmedlingen', orgNumber: '202100-2114', function: 'Arbetsförmedlingen, ungdomsenheten Väst' },
    to: { organisation: 'Samordningsteamet Väst', orgNumber: '212000-2627', function: 'Ungdomsteamet, socialtjänsten' },
  };
}
