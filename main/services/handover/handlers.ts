import fs from 'node:fs/promises';
import path from 'node:path';
import type { ParsedInput } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/errors';
import type { WriteCaps } from '../../capabilities/caps';
import { writeChannelExport } from '../../exports/export-files';
import {
  buildHandoverPacket,
  consentOptions,
  createHandover,
  exportPreview,
  getReceived,
  importPacket,
  linkReceived,
  listHandovers,
  listReceived,
  recordSent,
} from '../../handover/repository';
import { buildReceipt, importReceipt, recordReceiptSent } from '../../handover/receipts';
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';
import { forTeam, reads, writes } from '../compose';

const MAX_PACKET_BYTES = 20 * 1024 * 1024;

/**
 * The export: the packet is built from the record (a read), written atomically into the folder
 * the user picked, and recorded (with its audit row) only once it is there.
 */
async function exportHandover(caps: WriteCaps, input: ParsedInput<'handover:export'>) {
  const packet = await buildHandoverPacket(caps, input);
  const file = await writeChannelExport(input.folder, packet.fileName, packet.bytes);
  try {
    recordSent(caps, {
      handoverId: input.handoverId,
      packetId: packet.manifest.packetId,
      recipientKeyId: packet.recipientKeyId,
      signerKeyId: packet.signerKeyId,
      encrypted: input.encrypt,
      fileName: path.basename(file.file),
      sha256: file.sha256,
      caseCode: packet.caseCode,
      includeMinutes: input.includeMinutes,
    });
  } catch (error) {
    // Not recorded (the vault locked meanwhile, say): the file does not stay behind unlogged.
    await fs.rm(file.file, { force: true });
    throw error;
  }
  return { file: file.file, sha256: file.sha256, packetId: packet.manifest.packetId, encrypted: input.encrypt };
}

/** A receipt, as an export: built (a read), written into the folder the user picked, then recorded with its audit row. */
async function sendReceipt(caps: WriteCaps, input: ParsedInput<'handover:send-receipt'>) {
  const receipt = await buildReceipt(caps, input);
  const file = await writeChannelExport(input.folder, receipt.fileName, receipt.bytes);
  try {
    recordReceiptSent(caps, {
      receiptId: receipt.manifest.packetId,
      packetId: input.packetId,
      teamId: receipt.teamId,
      recipientKeyId: receipt.recipientKeyId,
      signerKeyId: receipt.signerKeyId,
      outcome: input.outcome,
      reason: receipt.content.reason,
      fileName: path.basename(file.file),
      sha256: file.sha256,
    });
  } catch (error) {
    await fs.rm(file.file, { force: true });
    throw error;
  }
  return { file: file.file, sha256: file.sha256, receiptId: receipt.manifest.packetId };
}

/** The file's bytes, refused before anything else when no packet could be that size. */
function packetBytes(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_PACKET_BYTES) throw new AppError('invalid_input', 'The file is empty or larger than any packet', { reason: 'packet_file_size', field: 'base64' });
  return bytes;
}

/** The handover channels: thin — the rules live in main/handover (the key channels: services/keys). */
export function handoverHandlers(manager: VaultManager): DomainHandlers {
  return {
    'handover:list': reads(manager, (caps, input) => listHandovers(caps, input.caseId)),
    'handover:consents': reads(manager, (caps, input) => consentOptions(caps, input.caseId, input.organisationId, input.date)),
    'handover:create': writes(manager, createHandover),
    'handover:preview': reads(manager, (caps, input) => exportPreview(caps, input.handoverId, input.includeMinutes)),
    'handover:export': writes(manager, exportHandover),
    'handover:import': (input) => writes(manager, importPacket)({ teamId: input.teamId, bytes: packetBytes(input.base64) }),
    'handover:received': reads(manager, forTeam('read', (input) => input.teamId, (caps, input) => listReceived(caps, input.teamId))),
    'handover:received-get': reads(manager, (caps, input) => getReceived(caps, input.packetId)),
    'handover:link': writes(manager, linkReceived),
    'handover:send-receipt': writes(manager, sendReceipt),
    'handover:import-receipt': (input) => writes(manager, importReceipt)({ bytes: packetBytes(input.base64) }),
  };
}
