/**
 * Moving between conversations with the keyboard: previous/next in the list, previous/next unread
 * (wrapping), and the recent-conversations cycle of Ctrl+Tab.
 */
export interface NavItem {
  id: string;
  unread: boolean;
}

/** The conversation `delta` steps from the active one in list order; the first (or last) when none is active. */
export function stepConversation(
  items: readonly NavItem[],
  activeId: string | null,
  delta: 1 | -1,
): string | null {
  if (items.length === 0) return null;
  const index = activeId === null ? -1 : items.findIndex((c) => c.id === activeId);
  if (index < 0) return (delta === 1 ? items[0] : items[items.length - 1])?.id ?? null;
  const next = Math.min(items.length - 1, Math.max(0, index + delta));
  return items[next]?.id ?? null;
}

/** The next unread conversation after (or before) the active one, wrapping around; null when none is unread. */
export function stepUnread(items: readonly NavItem[], activeId: string | null, delta: 1 | -1): string | null {
  const n = items.length;
  if (n === 0) return null;
  const index = activeId === null ? (delta === 1 ? -1 : n) : items.findIndex((c) => c.id === activeId);
  for (let k = 1; k <= n; k++) {
    const i = (((index + delta * k) % n) + n) % n;
    const item = items[i];
    if (item && item.unread && item.id !== activeId) return item.id;
  }
  return null;
}

/** Most recently used first: `id` moves to the front. */
export function touchRecent(recent: readonly string[], id: string, max = 50): string[] {
  return [id, ...recent.filter((r) => r !== id)].slice(0, max);
}

/**
 * Ctrl+Tab cycling: while Ctrl is held, each press moves one further along the recent list (from the
 * most recent), and Shift moves back. Returns the new cursor and the conversation at it.
 */
export function cycleRecent(
  recent: readonly string[],
  cursor: number,
  delta: 1 | -1,
): { cursor: number; id: string | null } {
  if (recent.length < 2) return { cursor: 0, id: recent[0] ?? null };
  const next = (((cursor + delta) % recent.length) + recent.length) % recent.length;
  return { cursor: next, id: recent[next] ?? null };
}
