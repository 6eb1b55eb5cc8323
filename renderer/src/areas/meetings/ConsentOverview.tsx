import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsentOverview, ConsentOverviewEntry } from '../../../../shared/cases/model';
import { useInvoke } from '../../ui/use-invoke';

/**
 * The team's consents that need the chair's attention today (issue 20): ending within 30 days,
 * ended or withdrawn without renewal, and those whose signed form has not come back. Main decides
 * what this reader sees: the details of cases they may read, counts of the rest. `refresh` changes
 * when something that changes the list was done elsewhere on the page (a paper recorded).
 */
export function ConsentOverviewPanel({ teamId, refresh = 0, onOpenCase }: { teamId: string; refresh?: number; onOpenCase?: (caseId: string) => void }) {
  const { t } = useTranslation();
  const { invoke, error } = useInvoke();
  const [shown, setShown] = useState<ConsentOverview | null>(null);
  useEffect(() => {
    if (!teamId) return;
    void invoke('cases:consent-overview', { teamId }).then((result) => {
      if (result?.ok) setShown(result.value);
    });
  }, [invoke, teamId, refresh]);
  // Only the chosen team's overview: after a switch, the previous team's is not shown.
  const overview = shown?.teamId === teamId ? shown : null;
  const hidden = overview ? overview.hidden.expiring + overview.hidden.expired + overview.hidden.withdrawn + overview.hidden.paperMissing : 0;
  return (
    <section className="notice" aria-labelledby="consent-overview-heading" data-testid="consent-overview">
      <h2 id="consent-overview-heading">{t('consents.heading')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {overview && (
        <>
          <p className="help">{t('consents.help', { horizon: overview.horizon })}</p>
          {overview.entries.length === 0 && hidden === 0 ? (
            <p>{t('consents.none')}</p>
          ) : (
            overview.entries.length > 0 && (
              <table className="checks consent-overview" aria-label={t('consents.table')}>
                <thead>
                  <tr>
                    <th scope="col">{t('consents.case')}</th>
                    <th scope="col">{t('consents.organisation')}</th>
                    <th scope="col">{t('consents.period')}</th>
                    <th scope="col">{t('consents.state')}</th>
                    <th scope="col">{t('consents.paper')}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.entries.map((entry) => (
                    <tr key={entry.consentId}>
                      <th scope="row">
                        {onOpenCase ? (
                          <button type="button" className="link-button" aria-label={t('consents.openCase', { code: entry.caseCode })} onClick={() => onOpenCase(entry.caseId)}>
                            {entry.caseCode}
                          </button>
                        ) : (
                          entry.caseCode
                        )}
                      </th>
                      <td>{entry.organisationName}</td>
                      <td className="consent-period">
                        {entry.validFrom} – {entry.validTo}
                      </td>
                      <td>{stateText(t, entry)}</td>
                      <td>{entry.paperReturnedOn ? t('consents.paperBack', { date: entry.paperReturnedOn }) : <strong>{t('consents.paperMissing')}</strong>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          )}
          {hidden > 0 && <p data-testid="consent-overview-hidden">{t('consents.hidden', overview.hidden)}</p>}
        </>
      )}
    </section>
  );
}

function stateText(t: (key: string, options?: Record<string, unknown>) => string, entry: ConsentOverviewEntry): string {
  switch (entry.state) {
    case 'expiring':
      return entry.daysLeft === 0 ? t('consents.expiresToday') : t('consents.expiresIn', { count: entry.daysLeft });
    case 'expired':
      return t('consents.expired', { date: entry.validTo });
    case 'withdrawn':
      return t('consents.withdrawn', { date: entry.withdrawnOn ?? '' });
    case 'current':
      return t('consents.current');
  }
}
