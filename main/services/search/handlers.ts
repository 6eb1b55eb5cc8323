import type { DomainHandlers } from '../../ipc/registry';
import { searchItems } from '../../meetings/search';
import type { VaultManager } from '../../vault/vault-manager';
import { reads } from '../compose';

/** Search over the case items the reader may read (the index lives with the meetings, main/meetings/search). */
export function searchHandlers(manager: VaultManager): DomainHandlers {
  return {
    'search:items': reads(manager, (caps, input) => searchItems(caps, input.text, input.teamId, { offset: input.offset, limit: input.limit })),
  };
}
