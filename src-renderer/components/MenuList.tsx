import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { place } from '../lib/menu-place.ts';
import type { MenuAnchor } from '../lib/menu-place.ts';

export interface MenuItem {
  label: string;
  onSelect?: () => void;
  danger?: boolean;
  /** A checked radio-like item. */
  checked?: boolean;
  disabled?: boolean;
  /** Items with the same group are drawn together; a new group draws a divider. */
  group?: string;
  /** Opens a nested menu (→, Enter or Space; ← or Esc closes it). */
  submenu?: MenuItem[];
  /** A key shown at the end of the item (it works from anywhere, not only in the menu). */
  keys?: string;
}

export type { MenuAnchor } from '../lib/menu-place.ts';

/** Why a menu closed: focus goes back to what opened it, except on Tab (focus moves on). */
export type MenuClose = 'escape' | 'tab' | 'picked' | 'outside';

/**
 * A WAI-ARIA menu drawn above everything (a portal, fixed position, kept inside the window): ↑ ↓ Home End
 * move, a letter jumps to the next item starting with it, Enter or Space picks, → opens a submenu and ←
 * closes it, Esc closes, Tab closes and moves on. A click outside closes it.
 */
export function MenuList({
  items,
  label,
  anchor,
  onClose,
  nested = false,
}: {
  items: MenuItem[];
  label: string;
  anchor: MenuAnchor;
  onClose: (why: MenuClose) => void;
  nested?: boolean;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const enabled = items.map((item, i) => (item.disabled ? -1 : i)).filter((i) => i >= 0);
  const [active, setActive] = useState(enabled[0] ?? 0);
  /** The open submenu: its item and where that item is on screen. */
  const [open, setOpen] = useState<{ index: number; rect: DOMRect } | null>(null);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setPosition(
      place(anchor, el.offsetWidth, el.offsetHeight, {
        width: window.innerWidth,
        height: window.innerHeight,
      }),
    );
  }, [anchor]);

  useEffect(() => {
    if (open === null) ref.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus();
  }, [active, open, position]);

  useEffect(() => {
    if (nested) return;
    const onDown = (e: MouseEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest('[data-menu-root]')) onClose('outside');
    };
    document.addEventListener('mousedown', onDown);
    // Escape belongs to an open menu wherever focus is: pressed before the first item took focus (it
    // does so after paint) it went to the app's shortcuts, which in a narrow window left the
    // conversation. Capture on the document runs before the app's window-level listener.
    const onEscape = (e: globalThis.KeyboardEvent) => {
      // Focus inside this menu or its submenu (a portal of its own): their key handlers decide.
      if (e.key !== 'Escape' || document.activeElement?.closest('[role="menu"]')) return;
      e.preventDefault();
      e.stopPropagation();
      onClose('escape');
    };
    document.addEventListener('keydown', onEscape, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onEscape, true);
    };
  }, [nested, onClose]);

  const move = (delta: number) => {
    const pos = enabled.indexOf(active);
    const next = enabled[(pos + delta + enabled.length) % enabled.length];
    if (next !== undefined) setActive(next);
  };

  const openSubmenu = (i: number) => {
    const button = ref.current?.querySelector(`[data-index="${i}"]`);
    if (button && items[i]?.submenu) setOpen({ index: i, rect: button.getBoundingClientRect() });
  };

  const pick = (i: number) => {
    const item = items[i];
    if (!item || item.disabled) return;
    if (item.submenu) {
      setActive(i);
      openSubmenu(i);
      return;
    }
    onClose('picked');
    item.onSelect?.();
  };

  const typeahead = (key: string) => {
    const letter = key.toLowerCase();
    const start = enabled.indexOf(active);
    for (let k = 1; k <= enabled.length; k++) {
      const i = enabled[(start + k) % enabled.length];
      if (i !== undefined && items[i]?.label.toLowerCase().startsWith(letter)) {
        setActive(i);
        return;
      }
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (open !== null) return;
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
      case 'ArrowRight':
        openSubmenu(active);
        break;
      case 'ArrowLeft':
        if (!nested) return;
        onClose('escape');
        break;
      case 'Enter':
      case ' ':
        pick(active);
        break;
      case 'Escape':
        onClose('escape');
        break;
      case 'Tab':
        onClose('tab');
        return;
      default:
        if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) typeahead(e.key);
        else return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const openItem = open === null ? null : items[open.index];
  const list = (
    <div
      ref={ref}
      id={id}
      role="menu"
      aria-label={label}
      className="menu__list"
      data-menu-root=""
      style={position ?? { left: 0, top: 0, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
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
              aria-haspopup={item.submenu ? 'menu' : undefined}
              aria-expanded={item.submenu ? open?.index === i : undefined}
              aria-keyshortcuts={item.keys}
              tabIndex={i === active ? 0 : -1}
              data-index={i}
              disabled={item.disabled}
              className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
              onClick={() => pick(i)}
              onFocus={() => i !== active && setActive(i)}
              // Pointer movement, not entry: a menu that opens under a resting pointer keeps the keyboard's item.
              onPointerMove={() => {
                if (item.disabled || (i === active && (open?.index === i) === Boolean(item.submenu))) return;
                setActive(i);
                if (item.submenu) openSubmenu(i);
                else setOpen(null);
              }}
            >
              <span className="menu__check" aria-hidden="true">
                {item.checked ? '✓' : ''}
              </span>
              <span className="menu__label">{item.label}</span>
              {item.keys && (
                <kbd className="menu__keys" aria-hidden="true">
                  {item.keys}
                </kbd>
              )}
              {item.submenu && (
                <span className="menu__more" aria-hidden="true">
                  ›
                </span>
              )}
            </button>
          </div>
        );
      })}
      {openItem?.submenu && open && (
        <MenuList
          nested
          items={openItem.submenu}
          label={openItem.label}
          anchor={{ rect: open.rect, placement: 'right-start' }}
          onClose={(why) => {
            setOpen(null);
            if (why === 'picked' || why === 'outside') onClose(why);
            if (why === 'tab') onClose('tab');
          }}
        />
      )}
    </div>
  );
  // Fixed position escapes the scrolling, transformed rows a context menu opens from; the portal keeps
  // React's event bubbling (a submenu's keys never reach the parent menu's handler twice: see `open`).
  return createPortal(list, document.body);
}
