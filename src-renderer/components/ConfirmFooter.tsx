import { useModel } from '../hooks/model-context.ts';

/**
 * The footer of a dialog that confirms something that cannot be taken back: Cancel (focused first, so
 * Enter never confirms by surprise) and the danger button, which says what it is doing while busy.
 */
export function ConfirmFooter({
  label,
  busyLabel,
  busy,
  onConfirm,
}: {
  label: string;
  busyLabel: string;
  busy: boolean;
  onConfirm: () => void;
}) {
  const model = useModel();
  return (
    <div className="dialog__footer">
      <button type="button" className="button" data-autofocus onClick={() => model.ui.popOverlay()}>
        Cancel
      </button>
      <button
        type="button"
        className="button button--danger"
        aria-disabled={busy || undefined}
        onClick={onConfirm}
      >
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
