import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useModel } from '../hooks/model-context.ts';
import { Icon } from './Icon.tsx';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal panel: labelled, traps Tab inside, focuses its `[data-autofocus]` element (or itself, so Tab
 * starts at its first control) when it opens and gives focus back when it closes. Esc is handled globally (top overlay).
 */
export function Dialog({
  title,
  children,
  size = 'md',
  placement = 'center',
  hideTitle = false,
  testId,
  description,
}: {
  title: string;
  children: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  placement?: 'center' | 'top' | 'side';
  hideTitle?: boolean;
  testId?: string;
  description?: string;
}) {
  const model = useModel();
  const titleId = useId();
  const descriptionId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    const target = root?.querySelector<HTMLElement>('[data-autofocus]') ?? root;
    target?.focus();
    return () => {
      // Give focus back if nothing else took it (a newly opened conversation focuses its composer). If
      // nothing had focus when the dialog opened (a shortcut pressed in the frame between a conversation
      // opening and its composer taking focus) or that element is gone, focus goes where Esc would put
      // it, so the keyboard is never left on the page's body.
      queueMicrotask(() => {
        const active = document.activeElement;
        if (active && active !== document.body) return;
        if (previous && previous !== document.body && previous.isConnected) previous.focus();
        else model.ui.focusHome();
      });
    };
  }, [model]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Tab' || e.ctrlKey) return;
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter(
      (el) => el.offsetParent !== null,
    );
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      last.focus();
      e.preventDefault();
    } else if (!e.shiftKey && document.activeElement === last) {
      first.focus();
      e.preventDefault();
    }
  };

  return (
    <div
      className={`backdrop backdrop--${placement}`}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) model.ui.popOverlay();
      }}
    >
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        className={`dialog dialog--${size} dialog--${placement}`}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <header className={`dialog__header${hideTitle ? ' visually-hidden' : ''}`}>
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          {!hideTitle && (
            <button
              type="button"
              className="icon-button"
              aria-label="Close"
              onClick={() => model.ui.popOverlay()}
            >
              <Icon name="close" />
            </button>
          )}
        </header>
        {description && (
          <p id={descriptionId} className="visually-hidden">
            {description}
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
