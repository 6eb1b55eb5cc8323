import { useTranslation } from 'react-i18next';
import type { Tombstone } from '../../../../shared/retention/model';
import { localDateTime } from '../../format/time';
import { gallringTotal } from './counts';

/** What is left of the cases gallrade early: code, team, the decision, when, by whom, how much went. */
export function TombstoneTable({ tombstones }: { tombstones: readonly Tombstone[] }) {
  const { t } = useTranslation();
  if (tombstones.length === 0) return <p className="help">{t('gallring.tombstones.empty')}</p>;
  return (
    <div className="table-scroll" role="region" aria-label={t('gallring.tombstones.title')} tabIndex={0}>
      <table className="data-table" data-testid="tombstones">
        <caption>{t('gallring.tombstones.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gallring.tombstones.caseCode')}</th>
            <th scope="col">{t('gallring.tombstones.team')}</th>
            <th scope="col">{t('gallring.tombstones.decision')}</th>
            <th scope="col">{t('gallring.tombstones.decisionDate')}</th>
            <th scope="col">{t('gallring.tombstones.at')}</th>
            <th scope="col">{t('gallring.tombstones.by')}</th>
            <th scope="col">{t('gallring.tombstones.total')}</th>
            <th scope="col">{t('gallring.tombstones.owner')}</th>
          </tr>
        </thead>
        <tbody>
          {tombstones.map((tombstone) => (
            <tr key={`${tombstone.caseCode} ${tombstone.gallradAt}`}>
              <th scope="row">{tombstone.caseCode}</th>
              <td>{tombstone.teamName}</td>
              <td>{tombstone.decisionReference}</td>
              <td>{tombstone.decisionDate}</td>
              <td>{localDateTime(tombstone.gallradAt)}</td>
              <td>{tombstone.gallradBy}</td>
              <td>{gallringTotal(tombstone.counts)}</td>
              <td>{[tombstone.controller, tombstone.archiveCreator, tombstone.teamDecisionReference].filter(Boolean).join(' · ') || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
