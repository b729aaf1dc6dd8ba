import { useCallback, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { MenuList } from './MenuList.tsx';
import type { MenuAnchor, MenuClose, MenuItem } from './MenuList.tsx';

export type { MenuItem } from './MenuList.tsx';

/**
 * A menu button (WAI-ARIA menu button pattern): Enter, Space, ↓ or ↑ opens the menu on its first item;
 * the menu's own keys are in `MenuList`. Closing gives focus back to the button (except Tab).
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
  const [anchor, setAnchor] = useState<MenuAnchor | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const openMenu = () => {
    const rect = buttonRef.current?.getBoundingClientRect();
    if (rect) setAnchor({ rect, placement: 'below-end' });
  };
  const close = useCallback((why: MenuClose) => {
    setAnchor(null);
    if (why !== 'tab' && why !== 'outside') buttonRef.current?.focus();
  }, []);

  return (
    <div className="menu" data-menu-root="">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        data-testid={testId}
        onClick={() => (anchor ? close('escape') : openMenu())}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            openMenu();
          }
        }}
      >
        {button}
      </button>
      {anchor && <MenuList items={items} label={label} anchor={anchor} onClose={close} />}
    </div>
  );
}
