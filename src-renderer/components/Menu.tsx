import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  /** A checked radio-like item (mute durations). */
  checked?: boolean;
  disabled?: boolean;
  /** Items with the same group are drawn together; a new group draws a divider. */
  group?: string;
}

/**
 * A menu button (WAI-ARIA menu pattern): Enter/Space/↓ opens it on the first item, ↑/↓/Home/End move,
 * Enter picks, Esc or Tab closes it and gives focus back to the button.
 */
export function Menu({
  label,
  items,
  button,
  testId,
}: {
  label: string;
  items: MenuItem[];
  button: ReactNode;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const enabled = items.map((item, i) => (item.disabled ? -1 : i)).filter((i) => i >= 0);

  useEffect(() => {
    if (!open) return;
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!listRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const openAt = (which: 'first' | 'last') => {
    setActive((which === 'first' ? enabled[0] : enabled[enabled.length - 1]) ?? 0);
    setOpen(true);
  };

  const move = (delta: number) => {
    const pos = enabled.indexOf(active);
    const next = enabled[(pos + delta + enabled.length) % enabled.length];
    if (next !== undefined) setActive(next);
  };

  const onMenuKeyDown = (e: KeyboardEvent) => {
    switch (e.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Home':
        setActive(enabled[0] ?? 0);
        break;
      case 'End':
        setActive(enabled[enabled.length - 1] ?? 0);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(false);
        return;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="menu">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-testid={testId}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            openAt(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        {button}
      </button>
      {open && (
        <div
          ref={listRef}
          id={menuId}
          role="menu"
          aria-label={label}
          className="menu__list"
          onKeyDown={onMenuKeyDown}
        >
          {items.map((item, i) => {
            const divider = i > 0 && item.group !== items[i - 1]?.group;
            const role = item.checked === undefined ? 'menuitem' : 'menuitemradio';
            return (
              <div key={`${item.group ?? ''}:${item.label}`} role="none">
                {divider && <div role="separator" className="menu__divider" />}
                <button
                  type="button"
                  role={role}
                  aria-checked={item.checked === undefined ? undefined : item.checked}
                  tabIndex={i === active ? 0 : -1}
                  data-index={i}
                  disabled={item.disabled}
                  className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
                  onClick={() => {
                    close(true);
                    item.onSelect();
                  }}
                >
                  <span className="menu__check" aria-hidden="true">
                    {item.checked ? '✓' : ''}
                  </span>
                  {item.label}
                </button>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
