import { useState } from 'react';
import type { KeyboardEvent } from 'react';

/**
 * Arrow-key movement over a list driven from a text field (combobox pattern): Up/Down/Home/End/PageUp/
 * PageDown move the active option, Enter picks it. The active index resets when `resetKey` changes.
 */
export function useListNavigation(count: number, onPick: (index: number) => void, resetKey: unknown) {
  const [state, setState] = useState<{ key: unknown; index: number }>({ key: resetKey, index: 0 });
  const index = state.key === resetKey ? Math.min(state.index, Math.max(0, count - 1)) : 0;
  const setIndex = (next: number) =>
    setState({ key: resetKey, index: Math.max(0, Math.min(count - 1, next)) });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowDown':
        setIndex(index + 1 >= count ? 0 : index + 1);
        break;
      case 'ArrowUp':
        setIndex(index - 1 < 0 ? count - 1 : index - 1);
        break;
      case 'PageDown':
        setIndex(index + 8);
        break;
      case 'PageUp':
        setIndex(index - 8);
        break;
      case 'Enter':
        if (count > 0 && !e.shiftKey) onPick(index);
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  return { activeIndex: count > 0 ? index : -1, setActiveIndex: setIndex, onKeyDown };
}
