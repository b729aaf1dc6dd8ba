/**
 * `beatpass://` deep links (notifications, emails and the second-instance hand-over use them):
 * - `beatpass://messages` opens the messenger;
 * - `beatpass://messages/<conversationId>` opens that conversation.
 * Pure: no Electron, so it is unit-tested directly. Anything else is refused (null), never guessed at.
 */
export const DEEP_LINK_SCHEME = 'beatpass';

export type DeepLink = { kind: 'messages' } | { kind: 'conversation'; conversationId: string };

/** Conversation ids are server ids (UUIDv7 today): letters, digits, `-` and `_`, at most 64. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Longer than any link we issue: refuse before parsing. */
const MAX_LINK_CHARS = 512;

export function parseDeepLink(link: string): DeepLink | null {
  if (link.length > MAX_LINK_CHARS) return null;
  // Dot segments would be normalised away by URL (`messages/../x` → `x`): refuse them instead.
  if (/(^|[/:])\.{1,2}(\/|$)|%2e|\\/i.test(link)) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // `beatpass://messages/x` parses with host "messages"; `beatpass:messages/x` (no slashes) with an opaque path.
  const path = url.host !== '' ? `${url.host}${url.pathname}` : url.pathname.replace(/^\/+/, '');
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments[0]?.toLowerCase() !== 'messages') return null;
  if (segments.length === 1) return { kind: 'messages' };
  const id = segments[1];
  if (segments.length === 2 && id !== undefined && CONVERSATION_ID.test(id))
    return { kind: 'conversation', conversationId: id };
  return null;
}

/** The link that opens a conversation (what the server puts in emails, and what notifications mean). */
export function conversationLink(conversationId: string): string {
  return `${DEEP_LINK_SCHEME}://messages/${encodeURIComponent(conversationId)}`;
}

/**
 * The deep link in a command line (Windows and Linux pass it as an argument when the OS launches us, and
 * a second instance forwards its argv). Only arguments that parse count; flags and paths are skipped.
 */
export function findDeepLink(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}
