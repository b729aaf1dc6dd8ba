/**
 * The keyboard map: one table from key chords to actions, used both to handle keys and to draw the
 * shortcut overlay, so the two cannot drift apart. "Mod" is Cmd on macOS and Ctrl elsewhere.
 */
export type ShortcutAction =
  | { type: 'quickSwitcher' }
  | { type: 'newMessage' }
  | { type: 'prevConversation' }
  | { type: 'nextConversation' }
  | { type: 'prevUnread' }
  | { type: 'nextUnread' }
  | { type: 'recentBack' }
  | { type: 'recentForward' }
  | { type: 'nthConversation'; n: number }
  | { type: 'search' }
  | { type: 'escape' }
  | { type: 'back' }
  | { type: 'markAllRead' }
  | { type: 'shortcuts' }
  | { type: 'zoomIn' }
  | { type: 'zoomOut' }
  | { type: 'zoomReset' };

export type ShortcutType = ShortcutAction['type'];

/** The parts of a KeyboardEvent the map looks at. */
export interface KeyChord {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export type Platform = 'mac' | 'other';

export function detectPlatform(userAgent: string): Platform {
  return /Mac|iPhone|iPad/.test(userAgent) ? 'mac' : 'other';
}

/** Maps a key press to an action, or null when it is not a shortcut. */
export function matchShortcut(e: KeyChord, platform: Platform): ShortcutAction | null {
  const mod = platform === 'mac' ? e.metaKey : e.ctrlKey;
  const otherMod = platform === 'mac' ? e.ctrlKey : e.metaKey;
  const key = e.key;

  if (key === 'Escape' && !mod && !e.altKey && !otherMod)
    return { type: e.shiftKey ? 'markAllRead' : 'escape' };

  // Alt+← is "back" in browsers; here it leaves the conversation for the list (as Esc does when narrow).
  if (key === 'ArrowLeft' && e.altKey && !mod && !otherMod && !e.shiftKey) return { type: 'back' };

  // Ctrl+Tab is Ctrl on every platform (as in browsers and Slack).
  if (key === 'Tab' && e.ctrlKey && !e.altKey && !e.metaKey)
    return { type: e.shiftKey ? 'recentBack' : 'recentForward' };

  if (e.altKey && !mod && !otherMod && (key === 'ArrowUp' || key === 'ArrowDown')) {
    const up = key === 'ArrowUp';
    if (e.shiftKey) return { type: up ? 'prevUnread' : 'nextUnread' };
    return { type: up ? 'prevConversation' : 'nextConversation' };
  }

  if (!mod || otherMod || e.altKey) return null;

  // Digits: use the physical key so Shift or layouts (AZERTY) do not get in the way.
  const digit = /^Digit([1-9])$/.exec(e.code ?? '')?.[1] ?? (/^[1-9]$/.test(key) ? key : undefined);
  if (digit && !e.shiftKey) return { type: 'nthConversation', n: Number(digit) };

  const lower = key.length === 1 ? key.toLowerCase() : key;
  if (!e.shiftKey) {
    if (lower === 'k') return { type: 'quickSwitcher' };
    if (lower === 'n') return { type: 'newMessage' };
    if (lower === 'f') return { type: 'search' };
    if (lower === '0') return { type: 'zoomReset' };
  }
  if (lower === '/' || lower === '?' || e.code === 'Slash') return { type: 'shortcuts' };
  if (lower === '=' || lower === '+' || e.code === 'Equal' || e.code === 'NumpadAdd')
    return { type: 'zoomIn' };
  if (lower === '-' || lower === '_' || e.code === 'Minus' || e.code === 'NumpadSubtract')
    return { type: 'zoomOut' };
  return null;
}

export interface ShortcutHelp {
  keys: string[];
  label: string;
}

/** The overlay's rows, in the platform's own key names. */
export function shortcutHelp(platform: Platform): { group: string; items: ShortcutHelp[] }[] {
  const mod = platform === 'mac' ? '⌘' : 'Ctrl';
  const alt = platform === 'mac' ? '⌥' : 'Alt';
  const shift = platform === 'mac' ? '⇧' : 'Shift';
  return [
    {
      group: 'Navigation',
      items: [
        { keys: [mod, 'K'], label: 'Quick switcher' },
        { keys: [alt, '↑'], label: 'Previous conversation' },
        { keys: [alt, '↓'], label: 'Next conversation' },
        { keys: [alt, shift, '↑'], label: 'Previous unread conversation' },
        { keys: [alt, shift, '↓'], label: 'Next unread conversation' },
        { keys: ['Ctrl', 'Tab'], label: 'Recent conversations' },
        { keys: ['Ctrl', shift, 'Tab'], label: 'Recent conversations, backwards' },
        { keys: [mod, '1…9'], label: 'Open the nth conversation' },
        { keys: [alt, '←'], label: 'Back to the conversation list' },
      ],
    },
    {
      group: 'Actions',
      items: [
        { keys: [mod, 'N'], label: 'New message' },
        { keys: [mod, 'F'], label: 'Search messages' },
        { keys: ['Enter'], label: 'Send message' },
        { keys: [shift, 'Enter'], label: 'New line' },
        { keys: ['Esc'], label: 'Close the top panel; in a narrow window, back to the list' },
        { keys: [shift, 'Esc'], label: 'Mark all conversations as read' },
        { keys: [shift, 'F10'], label: 'Actions for the highlighted conversation (in the list)' },
        { keys: [mod, '/'], label: 'Show keyboard shortcuts' },
      ],
    },
    {
      group: 'View',
      items: [
        { keys: [mod, '='], label: 'Zoom in' },
        { keys: [mod, '−'], label: 'Zoom out' },
        { keys: [mod, '0'], label: 'Reset zoom' },
      ],
    },
  ];
}

export const ZOOM_LEVELS = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;

/** The next zoom level up or down from `current` (clamped), or 1 for a reset. */
export function nextZoom(current: number, action: 'zoomIn' | 'zoomOut' | 'zoomReset'): number {
  if (action === 'zoomReset') return 1;
  if (action === 'zoomIn')
    return ZOOM_LEVELS.find((z) => z > current + 1e-6) ?? ZOOM_LEVELS[ZOOM_LEVELS.length - 1] ?? 2;
  return [...ZOOM_LEVELS].reverse().find((z) => z < current - 1e-6) ?? ZOOM_LEVELS[0] ?? 0.8;
}
