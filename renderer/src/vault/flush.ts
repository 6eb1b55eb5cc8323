/**
 * The lock sequence's middle step (DESIGN.md): before the vault locks, every open editor saves
 * what is typed. Editors register a flush; the gate calls them all, bounded in time, then tells
 * main it may lock.
 */
type Flush = () => Promise<unknown>;
const flushes = new Set<Flush>();

export function registerFlush(flush: Flush): () => void {
  flushes.add(flush);
  return () => flushes.delete(flush);
}

/** Runs every registered flush; gives up waiting after `boundMs` (main locks anyway after its own wait). */
export async function flushAll(boundMs = 1_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, boundMs);
  });
  await Promise.race([Promise.allSettled([...flushes].map((flush) => flush())), bound]);
  clearTimeout(timer);
}
