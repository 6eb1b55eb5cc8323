import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ReceivedPacket } from '../../../../shared/handover/model';
import { FolderPicker } from '../../app/FolderPicker';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { localDateTime } from '../../format/time';
import { useBridge } from '../../ipc/bridge-context';
import { TextArea } from '../../ui/TextArea';

/**
 * The receiver's answer to a received packet (issue 20): "mottaget och övertaget", or "mottaget,
 * ej övertaget" with a reason. Main signs it, encrypts it to the packet's sender and writes it into
 * the folder picked; the sender imports it under its handover. Once answered, the answer is shown.
 */
export function ReceiptAnswer({ packet, onAnswered }: { packet: z.infer<typeof ReceivedPacket>; onAnswered: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [outcome, setOutcome] = useState<'taken-over' | 'not-taken-over'>('taken-over');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);

  if (packet.answer) {
    const { answer } = packet;
    // The message says where the receipt was just written (it stays after the answer is shown).
    return (
      <>
        <p data-testid="receipt-answer">
          {answer.outcome === 'taken-over'
            ? t('handover.receipt.answeredTakenOver', { at: localDateTime(answer.answeredAt) })
            : t('handover.receipt.answeredNotTakenOver', { at: localDateTime(answer.answeredAt), reason: answer.reason ?? '' })}
        </p>
        <MessageLine message={message} testId="receipt-message" />
      </>
    );
  }

  const write = async (folder: string): Promise<void> => {
    if (outcome === 'not-taken-over' && !reason.trim()) return setReasonError(t('handover.receipt.reasonNeeded'));
    setBusy(true);
    setMessage({ error: false, text: t('handover.receipt.writing') });
    const r = await bridge.invoke('handover:send-receipt', { packetId: packet.packetId, outcome, reason: outcome === 'taken-over' ? null : reason, folder });
    setBusy(false);
    if (!r.ok) {
      if (r.error.detail?.field === 'reason' || r.error.detail?.reason === 'identifiers_in_text') setReasonError(errorMessage(t, r.error));
      return setMessage({ error: true, text: errorMessage(t, r.error) });
    }
    setMessage({ error: false, text: t('handover.receipt.written', { file: r.value.file }) });
    onAnswered();
  };

  return (
    <section aria-labelledby="receipt-heading" data-testid="receipt-form">
      <h4 id="receipt-heading">{t('handover.receipt.heading')}</h4>
      <p className="help">{t('handover.receipt.help')}</p>
      <fieldset>
        <legend>{t('handover.receipt.outcome')}</legend>
        <label className="checkbox">
          <input type="radio" name="receipt-outcome" checked={outcome === 'taken-over'} onChange={() => setOutcome('taken-over')} />
          {t('handover.receipt.outcomeTakenOver')}
        </label>
        <label className="checkbox">
          <input type="radio" name="receipt-outcome" checked={outcome === 'not-taken-over'} onChange={() => setOutcome('not-taken-over')} />
          {t('handover.receipt.outcomeNotTakenOver')}
        </label>
      </fieldset>
      {outcome === 'not-taken-over' && (
        <TextArea
          label={t('handover.receipt.reason')}
          help={t('handover.receipt.reasonHelp')}
          value={reason}
          onChange={(value) => (setReason(value), setReasonError(null))}
          error={reasonError}
          maxLength={1000}
          testId="receipt-reason"
        />
      )}
      <FolderPicker busy={busy} kind="handover" onPick={(folder) => void write(folder)} />
      <MessageLine message={message} testId="receipt-message" />
    </section>
  );
}
