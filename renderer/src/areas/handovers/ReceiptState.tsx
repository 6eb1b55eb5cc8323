import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { HandoverSummary } from '../../../../shared/handover/model';
import { localDateTime } from '../../format/time';

type Sent = z.infer<typeof HandoverSummary>['sent'][number];

/**
 * Where each packet sent for a handover stands (issue 20): sent and waiting for the receiver's
 * receipt, or received and taken over, or received and not taken over — with the day the receiver
 * got it, when it answered, and its reason.
 */
export function ReceiptState({ sent }: { sent: readonly Sent[] }) {
  const { t } = useTranslation();
  if (sent.length === 0) return null;
  return (
    <ul className="help" data-testid="receipt-state" aria-label={t('handover.receipt.stateLabel')}>
      {sent.map((packet) => (
        <li key={packet.packetId}>
          {t('handover.receipt.sent', { at: localDateTime(packet.createdAt) })}:{' '}
          {packet.receipt === null ? (
            <span>{t('handover.receipt.waiting')}</span>
          ) : packet.receipt.outcome === 'taken-over' ? (
            <strong>{t('handover.receipt.takenOver', { date: packet.receipt.receivedOn, answered: localDateTime(packet.receipt.answeredAt) })}</strong>
          ) : (
            <strong>{t('handover.receipt.notTakenOver', { date: packet.receipt.receivedOn, answered: localDateTime(packet.receipt.answeredAt), reason: packet.receipt.reason ?? '' })}</strong>
          )}
        </li>
      ))}
    </ul>
  );
}
