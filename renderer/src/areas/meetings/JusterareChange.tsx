import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcResult } from '../../../../shared/ipc/errors';
import type { MeetingChange, MeetingView } from '../../../../shared/meetings/model';
import { useBridge } from '../../ipc/bridge-context';
import { SelectField } from '../../ui/SelectField';

/**
 * Another justerare (issue 20): while the minutes wait for a justerare who has not confirmed —
 * who left the team, say, and can no longer open them — the team's chair names another of the
 * members present. Main checks the rules again (present, not the chair, with an account, still in
 * the team); the page merges the answer and shows a refusal where the justering is.
 */
export function JusterareChange({ meeting, isChair, onResult }: { meeting: MeetingView; isChair: boolean; onResult: (result: IpcResult<MeetingChange>) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [chosen, setChosen] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const justering = meeting.justering;
  if (!isChair || !justering || justering.justerare.confirmedAt !== null) {
    return done ? (
      <p role="status" className="notice" data-testid="justerare-changed">
        {done}
      </p>
    ) : null;
  }
  const options = meeting.attendance
    .filter((a) => a.status === 'present' && a.memberId !== meeting.chair?.id && a.memberId !== justering.justerare.memberId)
    .map((a) => ({ value: a.memberId, label: a.name }));
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await bridge.invoke('meetings:change-justerare', { meetingId: meeting.id, justerareMemberId: chosen });
    onResult(result);
    if (result.ok) {
      setChosen('');
      setDone(t('meetings.changed', { name: result.value.justering.justerare.name }));
    } else setDone(null);
  };
  return (
    <form className="form inline-form" aria-label={t('meetings.change')} onSubmit={(event) => void submit(event)}>
      <SelectField label={t('meetings.changeLabel')} value={chosen} onChange={setChosen} required placeholder={t('meetings.choose')} options={options} help={t('meetings.changeHelp')} />
      <button type="submit" disabled={!chosen}>
        {t('meetings.change')}
      </button>
      {done && (
        <p role="status" className="notice" data-testid="justerare-changed">
          {done}
        </p>
      )}
    </form>
  );
}
