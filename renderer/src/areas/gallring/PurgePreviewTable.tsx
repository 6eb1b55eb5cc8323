import { type Ref, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PurgePreview } from '../../../../shared/retention/model';

/**
 * What the rules make due now, one row per kind: count, oldest, cut-off and, for cases, what waits;
 * below it, what a team meeting's purge takes along and what "waiting" means.
 * Focusable (not in the tab order) so focus can land on a fresh preview.
 */
export function PurgePreviewTable({ preview, ref }: { preview: PurgePreview; ref?: Ref<HTMLTableElement> }) {
  const { t } = useTranslation();
  const ids = { heldBack: useId(), minutes: useId() };
  return (
    <>
      <table ref={ref} tabIndex={-1} className="data-table" data-testid="purge-preview" aria-describedby={`${ids.minutes} ${ids.heldBack}`}>
        <caption>{t('gallring.previewCaption', { date: preview.asOf })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gallring.kindColumn')}</th>
            <th scope="col">{t('gallring.countColumn')}</th>
            <th scope="col">{t('gallring.oldestColumn')}</th>
            <th scope="col">{t('gallring.cutoffColumn')}</th>
            <th scope="col">{t('gallring.heldBackColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.groups.map((group) => (
            <tr key={group.kind}>
              <th scope="row">{t(`gallring.kind.${group.kind}`)}</th>
              <td>{group.count}</td>
              <td>{group.oldest ?? t('gallring.none')}</td>
              <td>{t('gallring.before', { date: group.cutoff, count: group.months })}</td>
              {/* Only cases wait for records another rule keeps; for the other kinds it does not apply. */}
              <td>{group.kind === 'case-records' || group.heldBack > 0 ? group.heldBack : t('gallring.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p id={ids.minutes} className="help">
        {t('gallring.minutesHelp')}
      </p>
      <p id={ids.heldBack} className="help">
        {t('gallring.heldBackHelp')}
      </p>
    </>
  );
}
