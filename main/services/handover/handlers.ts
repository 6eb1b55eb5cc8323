import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/errors';
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
import type { DomainHandlers } from '../../ipc/registry';
import type { VaultManager } from '../../vault/vault-manager';

const MAX_PACKET_BYTES = 20 * 1024 * 1024;

/** The handover channels: thin — the rules live in main/handover (the key channels: services/keys). */
export function handoverHandlers(manager: VaultManager): DomainHandlers {
  return {
    'handover:list': (input) => listHandovers(manager.vault, input.caseId),
    'handover:consents': (input) => consentOptions(manager.vault, input.caseId, input.organisationId, input.date),
    'handover:create': (input) => createHandover(manager.vault, input),
    'handover:preview': (input) => exportPreview(manager.vault, input.handoverId, input.includeMinutes),
    'handover:export': async (input) => {
      const vault = manager.vault;
      const packet = await buildHandoverPacket(vault, input);
      // Written atomically into the folder the user picked; recorded only once it is there.
      const file = await writeChannelExport(input.folder, packet.fileName, packet.bytes);
      try {
        recordSent(vault, {
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
    },
    'handover:import': (input) => {
      const bytes = Buffer.from(input.base64, 'base64');
      if (bytes.length === 0 || bytes.length > MAX_PACKET_BYTES) throw new AppError('invalid_input', 'The file is empty or larger than any packet', { reason: 'packet_file_size', field: 'base64' });
      return importPacket(manager.vault, { teamId: input.teamId, bytes });
    },
    'handover:received': (input) => listReceived(manager.vault, input.teamId),
    'handover:received-get': (input) => getReceived(manager.vault, input.packetId),
    'handover:link': (input) => linkReceived(manager.vault, input),
  };
}
