import { useModel, useStore } from '../hooks/model-context.ts';
import { Icon } from './Icon.tsx';

/**
 * Short confirmations and errors, announced politely; each can be dismissed, some carry an action (Undo).
 * A toast under the pointer or holding focus stays until they leave.
 * They sit at the top of the window, so they never cover the composer or the newest messages.
 */
export function Toasts() {
  const model = useModel();
  const toasts = useStore(model.ui.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast--${t.tone}`}
          onMouseEnter={() => model.ui.holdToast(t.id)}
          onMouseLeave={() => model.ui.releaseToast(t.id)}
          onFocus={() => model.ui.holdToast(t.id)}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget)) model.ui.releaseToast(t.id);
          }}
        >
          <span>{t.text}</span>
          {t.action && (
            <button
              type="button"
              className="button button--sm"
              onClick={() => {
                model.ui.dismissToast(t.id);
                t.action?.run();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon-button icon-button--sm"
            aria-label="Dismiss"
            onClick={() => model.ui.dismissToast(t.id)}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
