import { createContext, useContext } from 'react';
import type { TeamvalvBridge } from '../../../shared/ipc/bridge';

export const BridgeContext = createContext<TeamvalvBridge | null>(null);

export function useBridge(): TeamvalvBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge outside BridgeContext');
  return bridge;
}
