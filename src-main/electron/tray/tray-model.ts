import { APP_NAME } from '../../core/policy/notify.ts';
import { withoutBidiControls } from '../../core/policy/plain-text.ts';

/**
 * What the tray shows and offers, as plain data: no Electron here, so the rules (count rendering, menu
 * contents, what each item does) are unit-tested with a fake tray. `electron-tray.ts` turns it into a
 * real `Tray` and `Menu`.
 */

/** The tray's do-not-disturb choices (the list); "tomorrow" is mapped to the core's durations by the caller. */
export const DND_CHOICES = ['off', '1h', '8h', 'tomorrow', 'on'] as const;
export type DndChoice = (typeof DND_CHOICES)[number];

const DND_LABELS: Record<DndChoice, string> = {
  off: 'Off',
  '1h': 'For 1 hour',
  '8h': 'For 8 hours',
  tomorrow: 'Until tomorrow',
  on: 'Until I turn it off',
};

/** How many conversations with unread messages the menu lists. */
export const TRAY_MAX_CONVERSATIONS = 5;
/** Longest conversation title in the menu; longer ones end in an ellipsis. */
const MENU_TITLE_MAX_CHARS = 40;

export interface TrayConversation {
  id: string;
  title: string;
  unread: number;
  /** The viewer's messages here that failed to send (the item says "not sent"). */
  failed?: number;
}

export interface TrayState {
  unreadCount: number;
  doNotDisturb: boolean;
  /**
   * Conversations with unread messages or unsent (failed) ones, newest first (the menu takes the first
   * five).
   */
  unreadConversations: readonly TrayConversation[];
  /** Incoming message requests, newest first. */
  pendingRequests: readonly TrayConversation[];
  startAtLogin: boolean;
  /** Signed out, the menu has no conversations to list. */
  signedIn: boolean;
}

export const INITIAL_TRAY_STATE: TrayState = {
  unreadCount: 0,
  doNotDisturb: false,
  unreadConversations: [],
  pendingRequests: [],
  startAtLogin: false,
  signedIn: false,
};

export interface TrayActions {
  /** Left click: show and focus the window, or hide it when it is already in front. */
  toggleWindow(): void;
  showWindow(): void;
  openConversation(conversationId: string): void;
  setDoNotDisturb(choice: DndChoice): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export type TrayMenuItem =
  | { type: 'normal'; id: string; label: string; enabled: boolean; click?: () => void }
  | { type: 'checkbox'; id: string; label: string; checked: boolean; click: () => void }
  | { type: 'radio'; id: string; label: string; checked: boolean; click: () => void }
  | { type: 'submenu'; id: string; label: string; submenu: TrayMenuItem[] }
  | { type: 'separator' };

/** The count on the icon: nothing for 0, 1 to 9, then "9+". */
export function badgeLabel(count: number): string | null {
  if (!Number.isFinite(count) || count <= 0) return null;
  return count > 9 ? '9+' : String(Math.floor(count));
}

/** Icon file stem in `resources/tray/` (plus `@2x` etc. for scale factors), made by `scripts/make-icons.ts`. */
export function trayIconName(count: number, doNotDisturb: boolean): string {
  const label = badgeLabel(count);
  const badge = label === null ? 'none' : label === '9+' ? '9plus' : label;
  return `tray-${doNotDisturb ? 'dnd-' : ''}${badge}`;
}

export function trayToolTip(
  state: Pick<TrayState, 'unreadCount' | 'doNotDisturb'> & Partial<Pick<TrayState, 'unreadConversations'>>,
): string {
  const parts = [APP_NAME];
  if (state.unreadCount > 0) parts.push(`${state.unreadCount} unread`);
  const failed = (state.unreadConversations ?? []).reduce((sum, c) => sum + (c.failed ?? 0), 0);
  if (failed > 0) parts.push(`${failed} not sent`);
  if (state.doNotDisturb) parts.push('do not disturb');
  return parts.join(' — ');
}

function shorten(title: string): string {
  const chars = [...title];
  return chars.length <= MENU_TITLE_MAX_CHARS
    ? title
    : `${chars.slice(0, MENU_TITLE_MAX_CHARS - 1).join('')}…`;
}

/**
 * Names as the menu shows them: without bidi controls (the OS draws the menu, unisolated), shortened, and
 * with `&` doubled (Windows reads it as an accelerator marker).
 */
export function menuText(text: string): string {
  return shorten(withoutBidiControls(text)).replaceAll('&', '&&');
}

/** "Dana (3)", "Dana — not sent", "Dana (3) — not sent". */
function conversationLabel(conversation: TrayConversation): string {
  const count =
    conversation.unread > 0 || !conversation.failed ? ` (${badgeLabel(conversation.unread) ?? '•'})` : '';
  return `${menuText(conversation.title)}${count}${conversation.failed ? ' — not sent' : ''}`;
}

/**
 * The menu. `checkedDnd` is the do-not-disturb choice to tick: the state only knows whether it is on, so
 * the service remembers which timed choice the user picked (null ticks none, e.g. a duration set elsewhere).
 */
export function buildTrayMenu(
  state: TrayState,
  actions: TrayActions,
  checkedDnd: DndChoice | null,
): TrayMenuItem[] {
  const items: TrayMenuItem[] = [
    {
      type: 'normal',
      id: 'open',
      label: `Open ${APP_NAME}`,
      enabled: true,
      click: () => actions.showWindow(),
    },
  ];

  if (state.signedIn) {
    const conversations = state.unreadConversations.slice(0, TRAY_MAX_CONVERSATIONS);
    items.push({ type: 'separator' });
    if (conversations.length === 0) {
      items.push({ type: 'normal', id: 'no-unread', label: 'No unread messages', enabled: false });
    }
    for (const conversation of conversations) {
      items.push({
        type: 'normal',
        id: `conversation:${conversation.id}`,
        label: conversationLabel(conversation),
        enabled: true,
        click: () => actions.openConversation(conversation.id),
      });
    }
    if (state.pendingRequests.length > 0) {
      items.push({
        type: 'submenu',
        id: 'requests',
        label: `Message requests (${state.pendingRequests.length})`,
        submenu: state.pendingRequests.slice(0, TRAY_MAX_CONVERSATIONS).map((request) => ({
          type: 'normal' as const,
          id: `request:${request.id}`,
          label: menuText(request.title),
          enabled: true,
          click: () => actions.openConversation(request.id),
        })),
      });
    }
  }

  items.push(
    { type: 'separator' },
    {
      type: 'submenu',
      id: 'dnd',
      label: state.doNotDisturb ? 'Do not disturb (on)' : 'Do not disturb',
      submenu: DND_CHOICES.map((choice) => ({
        type: 'radio' as const,
        id: `dnd:${choice}`,
        label: DND_LABELS[choice],
        checked: choice === checkedDnd,
        click: () => actions.setDoNotDisturb(choice),
      })),
    },
    {
      type: 'checkbox',
      id: 'start-at-login',
      label: 'Start at login',
      checked: state.startAtLogin,
      click: () => actions.setStartAtLogin(!state.startAtLogin),
    },
    { type: 'separator' },
    { type: 'normal', id: 'quit', label: 'Quit', enabled: true, click: () => actions.quit() },
  );
  return items;
}
