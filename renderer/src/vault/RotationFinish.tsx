import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors/messages';
import { useBridge } from '../ipc/bridge-context';

/**
 * The second half of a key rotation (after an account was removed): the new recovery key is shown
 * first, and only when the admin says it is written down is the vault re-encrypted — the old key
 * keeps working until then. Should the app close in between, the next unlock finishes the rotation.
 */
export function RotationFinish({ rotationId, recoveryKey, onDone }: { rotationId: string; recoveryKey: string; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const finish = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await bridge.invoke('vault:finish-rotation', { rotationId });
    setBusy(false);
    if (!result.ok) return setError(errorMessage(t, result.error));
    onDone(t('rotation.done', { count: result.value.backupsReencrypted }));
  };

  return (
    <section className="retention-notice" aria-labelledby="rotation-heading" data-testid="rotation-finish" aria-busy={busy}>
      <h3 id="rotation-heading" ref={heading} tabIndex={-1}>
        {t('rotation.heading')}
      </h3>
      <p>{t('rotation.explain')}</p>
      <p>
        <code className="recovery-key" data-testid="rotation-recovery-key">
          {recoveryKey}
        </code>
      </p>
      {busy && <p role="status">{t('rotation.working')}</p>}
      {error && <p role="alert">{error}</p>}
      <button type="button" onClick={() => void finish()} aria-disabled={busy}>
        {t('rotation.finish')}
      </button>
    </section>
  );
}
