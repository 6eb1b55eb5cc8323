import { type ReactNode, useCallback, useRef, useState } from 'react';
import { Button, Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

export type DialogProps = {
  readonly isOpen: boolean;
  /** Called when the dialog asks to close (Esc, a close button). */
  readonly onClose: () => void;
  readonly title: string;
  readonly children: ReactNode;
  /** `alertdialog` for a question that must be answered (ConfirmDialog). */
  readonly role?: 'dialog' | 'alertdialog';
  readonly testId?: string;
};

/**
 * A modal dialog (React Aria's Modal + Dialog): the rest of the page is inert and hidden from
 * assistive technology, focus is held inside, Esc closes it, and when it closes focus goes back to
 * the element that had it when it opened (the button that opened it). Never `window.alert` or
 * `confirm`: a native dialog blocks the page's main thread (and the browser host's heartbeat).
 */
export function Dialog({ isOpen, onClose, title, children, role = 'dialog', testId }: DialogProps) {
  return (
    <ModalOverlay className="ui-modal-overlay" isOpen={isOpen} onOpenChange={(open) => !open && onClose()} isDismissable={false}>
      <Modal className="ui-modal">
        <AriaDialog className="ui-dialog" role={role} data-testid={testId}>
          <Heading slot="title" className="ui-dialog-title">
            {title}
          </Heading>
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

export type ConfirmOptions = {
  readonly title: string;
  /** The question in full: what happens, what cannot be undone (line breaks kept). */
  readonly message: string;
  /** The confirming button's text: the action (“Återkalla”), not “OK”. */
  readonly confirmLabel: string;
  readonly cancelLabel?: string;
  /** An action that deletes or cannot be undone: the button is marked so, and Cancel gets focus first. */
  readonly destructive?: boolean;
  readonly testId?: string;
};

export type ConfirmDialogProps = ConfirmOptions & {
  readonly isOpen: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
};

/** A question with two answers, as a modal alert dialog. Esc is Cancel. */
export function ConfirmDialog({ isOpen, title, message, confirmLabel, cancelLabel, destructive = false, testId = 'confirm-dialog', onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog isOpen={isOpen} onClose={onCancel} title={title} role="alertdialog" testId={testId}>
      <p className="ui-dialog-message">{message}</p>
      <div className="ui-dialog-actions">
        <Button className="ui-button" autoFocus={destructive} onPress={onCancel}>
          {cancelLabel ?? t('ui.cancel')}
        </Button>
        <Button className={destructive ? 'ui-button danger' : 'ui-button primary'} autoFocus={!destructive} onPress={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}

/**
 * `window.confirm` as a promise, without blocking the page: `await confirm({...})` is true when the
 * user confirmed, false for Cancel or Esc. Render `dialog` once in the component.
 *
 *   const { confirm, dialog } = useConfirm();
 *   if (!(await confirm({ title, message, confirmLabel, destructive: true }))) return;
 */
export function useConfirm(): { confirm: (options: ConfirmOptions) => Promise<boolean>; dialog: ReactNode } {
  const [asking, setAsking] = useState<ConfirmOptions | null>(null);
  const answer = useRef<((confirmed: boolean) => void) | null>(null);
  const settle = useCallback((confirmed: boolean) => {
    const resolve = answer.current;
    answer.current = null;
    setAsking(null);
    resolve?.(confirmed);
  }, []);
  const confirm = useCallback((options: ConfirmOptions) => {
    // A question still open is answered "no" before the next one is asked.
    answer.current?.(false);
    setAsking(options);
    return new Promise<boolean>((resolve) => {
      answer.current = resolve;
    });
  }, []);
  const dialog = asking ? <ConfirmDialog isOpen {...asking} onConfirm={() => settle(true)} onCancel={() => settle(false)} /> : null;
  return { confirm, dialog };
}
