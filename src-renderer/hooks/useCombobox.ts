import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';

/** How far PageUp / PageDown move the active option. */
const PAGE = 8;

export interface ComboboxOptions<T> {
  items: readonly T[];
  /** A stable key per item (option ids are made from it). */
  getKey: (item: T) => string;
  onPick: (item: T, index: number) => void;
  /** The active option goes back to the first when this changes (the query, the scope). */
  resetKey: unknown;
  /** For a multi-select list: whether an item is chosen (`aria-selected`). Default: the active one. */
  isSelected?: (item: T) => boolean;
}

/**
 * The combobox pattern (WAI-ARIA 1.2, list autocomplete) that the quick switcher, new message and search
 * share: the text field keeps focus and points at the active option with `aria-activedescendant`;
 * ↑/↓ (wrapping), PageUp/PageDown move, Enter picks, the pointer follows the mouse.
 */
export function useCombobox<T>({ items, getKey, onPick, resetKey, isSelected }: ComboboxOptions<T>) {
  const listId = useId();
  const count = items.length;
  const [state, setState] = useState<{ key: unknown; index: number }>({ key: resetKey, index: 0 });
  const index = state.key === resetKey ? Math.min(state.index, Math.max(0, count - 1)) : 0;
  const activeIndex = count > 0 ? index : -1;
  const active = activeIndex >= 0 ? items[activeIndex] : undefined;
  const setActive = (next: number) =>
    setState({ key: resetKey, index: Math.max(0, Math.min(count - 1, next)) });
  const optionId = (item: T) => `${listId}-${getKey(item)}`;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowDown':
        setActive(index + 1 >= count ? 0 : index + 1);
        break;
      case 'ArrowUp':
        setActive(index - 1 < 0 ? count - 1 : index - 1);
        break;
      case 'PageDown':
        setActive(index + PAGE);
        break;
      case 'PageUp':
        setActive(index - PAGE);
        break;
      case 'Enter':
        if (!active || e.shiftKey) return;
        onPick(active, activeIndex);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return {
    listId,
    activeIndex,
    active,
    onKeyDown,
    /** Spread on the text field (add `aria-label` and an `onKeyDown` that calls ours). */
    inputProps: {
      role: 'combobox',
      'aria-expanded': count > 0,
      'aria-controls': listId,
      'aria-activedescendant': active ? optionId(active) : undefined,
      'aria-autocomplete': 'list',
    } as const,
    /** Spread on the `<ul>` (add a label). */
    listProps: { id: listId, role: 'listbox' } as const,
    /** Spread on each `<li>`. */
    optionProps: (item: T, i: number) => ({
      id: optionId(item),
      role: 'option' as const,
      'aria-selected': isSelected ? isSelected(item) : i === activeIndex,
      onMouseMove: () => i !== activeIndex && setActive(i),
      onClick: () => onPick(item, i),
    }),
  };
}
