import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/cases/model';
import { FolderPicker } from '../../app/FolderPicker';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';

/**
 * The case's code slip (kodlapp, issue 20): for the team's editors who may read the case (main
 * checks both). The button opens a folder picker under a short reminder of what the slip is; the
 * PDF is written by main into the chosen folder and audited there.
 */
export function CodeSlip({ detail, canEdit }: { detail: Pick<CaseDetail, 'id' | 'code' | 'readable'>; canEdit: boolean }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  if (!canEdit || !detail.readable) return null;
  const save = async (folder: string): Promise<void> => {
    setBusy(true);
    const result = await bridge.invoke('cases:code-slip-pdf', { caseId: detail.id, folder });
    setBusy(false);
    if (!result.ok) return setMessage({ error: true, text: errorMessage(t, result.error) });
    setOpen(false);
    setMessage({ error: false, text: t('codeSlip.written', { file: result.value.file }) });
  };
  return (
    <div data-testid="code-slip">
      <div className="action-line">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('codeSlip.button')}
        </button>
      </div>
      {open && (
        <div className="notice">
          <p>{t('codeSlip.help')}</p>
          <FolderPicker busy={busy} kind="other" onPick={(folder) => void save(folder)} />
        </div>
      )}
      <MessageLine message={message} testId="code-slip-message" />
    </div>
  );
}
