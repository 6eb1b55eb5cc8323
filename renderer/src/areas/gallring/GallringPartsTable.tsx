import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { GALLRING_PARTS, type GallringPreview } from '../../../../shared/retention/model';
import { gallringTotal } from './counts';

/** What an early gallring of one case takes, per part (counts only, never content). Focusable for a fresh preview. */
export function GallringPartsTable({ preview, ref }: { preview: GallringPreview; ref?: Ref<HTMLTableElement> }) {
  const { t } = useTranslation();
  return (
    <table ref={ref} tabIndex={-1} className="data-table" data-testid="gallring-preview">
      <caption>{t('gallring.early.previewCaption', { code: preview.caseCode, team: preview.teamName })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('gallring.early.part')}</th>
          <th scope="col">{t('gallring.early.count')}</th>
        </tr>
      </thead>
      <tbody>
        {GALLRING_PARTS.map((part) => (
          <tr key={part}>
            <th scope="row">{t(`gallring.early.parts.${part}`)}</th>
            <td>{preview.counts[part]}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('gallring.early.total')}</th>
          <td>{gallringTotal(preview.counts)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
