import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from './ui.tsx';

type ConfirmDialogProps = {
  id: string;
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  /** Escape, the cancel button, or closing by any other means. */
  onCancel: () => void;
  /** Where focus goes when the dialog closes (the button that opened it). */
  returnFocusTo: string;
};

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex="0"]';

/**
 * A modal confirmation (the native <dialog> with showModal(): the rest of the page is inert).
 * Focus starts on the safe choice (cancel), Tab and Shift+Tab stay inside the dialog, Escape
 * cancels, and focus returns to the opener when it closes.
 */
export function ConfirmDialog({
  id,
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  busy,
  onConfirm,
  onCancel,
  returnFocusTo,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      document.getElementById(`${id}-cancel`)?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      document.getElementById(returnFocusTo)?.focus();
    }
  }, [open, id, returnFocusTo]);

  // Focus stays in the dialog: from the last control Tab goes to the first, and back.
  const trapTab = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      id={id}
      className="vv-staff-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={trapTab}
      // Escape fires "cancel": the dialog closes through our state, so focus returns the same way.
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={`${id}-title`} className="vv-staff-h2">
        {title}
      </h2>
      <div id={`${id}-body`}>{children}</div>
      <div className="vv-staff-dialog__actions">
        <Button id={`${id}-confirm`} busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button id={`${id}-cancel`} skin="secondary" onClick={onCancel} disabled={busy}>
          {cancelLabel}
        </Button>
      </div>
    </dialog>
  );
}
