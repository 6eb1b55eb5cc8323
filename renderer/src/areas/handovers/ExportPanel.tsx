import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ExportPreview } from '../../../../shared/handover/model';
import { FolderPicker } from '../../app/FolderPicker';
import { type Message, MessageLine } from '../../app/MessageLine';
import { errorMessage } from '../../errors/messages';
import { useBridge } from '../../ipc/bridge-context';
import { useConfirm } from '../../ui/Dialog';
import { useInvoke } from '../../ui/use-invoke';
import { ContentView } from './ContentView';

/**
 * What leaves, exactly as the receiver will read it, and the packet written into a folder the user
 * picks. An unencrypted packet is asked about first.
 */
export function ExportPanel({ handoverId, onExported }: { handoverId: string; onExported: () => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const previewCall = useInvoke();
  const { confirm, dialog } = useConfirm();
  const [includeMinutes, setIncludeMinutes] = useState(false);
  const [encrypt, setEncrypt] = useState(true);
  const [preview, setPreview] = useState<z.infer<typeof ExportPreview> | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const { invoke: invokePreview } = previewCall;
  useEffect(() => {
    // A changed choice shows nothing to export until its own preview has arrived (an earlier
    // choice's preview arriving late is dropped by useInvoke).
    setPreview(null);
    void invokePreview('handover:preview', { handoverId, includeMinutes }).then((r) => {
      if (!r) return;
      if (r.ok) setPreview(r.value);
      else setMessage({ error: true, text: errorMessage(t, r.error) });
    });
  }, [invokePreview, handoverId, includeMinutes, t]);

  const write = async (folder: string): Promise<void> => {
    if (!preview) return;
    if (!encrypt && !(await confirm({ title: t('ui.confirmPlaintext.title'), message: t('handover.confirmPlaintext'), confirmLabel: t('ui.confirmPlaintext.action'), destructive: true }))) return;
    setBusy(true);
    setMessage({ error: false, text: t('handover.writing') });
    // The preview's hash goes along: main writes exactly what was shown, or refuses.
    const r = await bridge.invoke('handover:export', { handoverId, includeMinutes, encrypt, contentSha256: preview.contentSha256, folder });
    setBusy(false);
    if (!r.ok) return setMessage({ error: true, text: errorMessage(t, r.error) });
    setMessage({ error: false, text: t(r.value.encrypted ? 'handover.exported' : 'handover.exportedPlain', { file: r.value.file, sha: r.value.sha256.slice(0, 16) }) });
    onExported();
  };

  return (
    <section className="notice editor" aria-labelledby="export-heading" data-testid="export-panel">
      <h3 id="export-heading">{t('handover.previewHeading')}</h3>
      <p>{t('handover.previewHelp')}</p>
      <label className="checkbox">
        <input type="checkbox" checked={includeMinutes} onChange={(e) => setIncludeMinutes(e.target.checked)} />
        {t('handover.includeMinutes')}
      </label>
      {preview && <ContentView content={preview.content} />}
      {preview?.recipient && <p>{t('handover.recipient', { ...preview.recipient, fingerprint: preview.recipient.compared ?? preview.recipient.fingerprint })}</p>}
      {preview?.blocked && (
        <p role="alert" className="error">
          {t(`handover.blocked.${preview.blocked}`)}
        </p>
      )}
      <fieldset>
        <legend>{t('handover.encryption')}</legend>
        <label className="checkbox">
          <input type="radio" name="encrypt" checked={encrypt} onChange={() => setEncrypt(true)} />
          {t('handover.encrypted')}
        </label>
        <label className="checkbox">
          <input type="radio" name="encrypt" checked={!encrypt} onChange={() => setEncrypt(false)} />
          {t('handover.plaintext')}
        </label>
        {!encrypt && <p className="error">{t('handover.plaintextWarning')}</p>}
      </fieldset>
      {preview && !preview.blocked && <FolderPicker busy={busy} kind="handover" onPick={(folder) => void write(folder)} />}
      <MessageLine message={message} testId="handover-message" />
      {dialog}
    </section>
  );
}
