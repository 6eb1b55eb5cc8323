import { useTranslation } from 'react-i18next';
import type { HandoverContent } from '../../../../shared/handover/packet-model';

/** Every field of what leaves, as the receiver will read it. */
export function ContentView({ content }: { content: HandoverContent }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('handover.case'), `${content.caseCode} (${content.ageBand})`],
    [t('meetings.date'), content.date],
    [t('handover.from'), `${content.from.organisation} (${content.from.orgNumber}), ${content.from.function}`],
    [t('handover.to'), `${content.to.organisation} (${content.to.orgNumber}), ${content.to.function}`],
    [t('handover.participants'), content.participants.map((p) => `${p.name} (${p.organisation})`).join(', ') || '–'],
    [t('handover.reason'), content.reason || '–'],
    [t('handover.consent'), content.consent.reference ?? t('handover.noConsentShort')],
    [t('handover.overrideReason'), content.consent.override ?? '–'],
    [t('handover.goals'), content.goals || '–'],
    [t('handover.insatser'), content.insatser.map((i) => `${i.text} (${i.responsible})`).join('; ') || '–'],
    [t('handover.newCaseOwner'), content.newCaseOwner],
    [t('handover.followUp'), content.followUpDate ?? '–'],
  ];
  return (
    <div data-testid="packet-content">
      <dl className="content-list">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {content.earlierMinutes.length > 0 && (
        <>
          <h4>{t('handover.earlierMinutes')}</h4>
          <ul>
            {content.earlierMinutes.map((m, index) => (
              <li key={index}>
                {m.meetingDate}: {m.notes} {m.decisions && `${t('meetings.decisions')}: ${m.decisions}`} {m.actions.join('; ')}
                {m.corrections.map((c, i) => (
                  <p key={i} className="notice">
                    {t(c.kind === 'marked-wrong' ? 'handover.markedWrong' : 'handover.addendum', c)}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
