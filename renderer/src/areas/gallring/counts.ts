import type { TFunction } from 'i18next';
import { GALLRING_PARTS, type GallringCounts, type PurgeCounts, RETENTION_KINDS } from '../../../../shared/retention/model';

/** How many records a purge takes (or took), over every kind. */
export function purgeTotal(counts: PurgeCounts): number {
  return RETENTION_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
}

/** How many records an early gallring takes (or took), over every part. */
export function gallringTotal(counts: GallringCounts): number {
  return GALLRING_PARTS.reduce((sum, part) => sum + counts[part], 0);
}

/** "Ärendeuppgifter: 3, Loggposter: 120": the kinds a purge took (or takes) anything of, or "inget gallrades". */
export function purgeSummary(t: TFunction, counts: PurgeCounts, separator = ', '): string {
  const parts = RETENTION_KINDS.filter((kind) => counts[kind] > 0).map((kind) => t('gallring.summaryItem', { kind: t(`gallring.kind.${kind}`), count: counts[kind] }));
  return parts.length ? parts.join(separator) : t('gallring.summaryNone');
}
