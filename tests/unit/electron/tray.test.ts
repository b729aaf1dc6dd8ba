import { describe, expect, it, vi } from 'vitest';
import { SystemTrayService } from '../../../src-main/electron/tray/system-tray-service.ts';
import type { TrayFactory } from '../../../src-main/electron/tray/system-tray-service.ts';
import { badgeLabel, trayIconName, trayToolTip } from '../../../src-main/electron/tray/tray-model.ts';
import type { DndChoice, TrayActions, TrayMenuItem } from '../../../src-main/electron/tray/tray-model.ts';
import {
  dndRequest,
  tomorrowMorning,
  trayConversations,
} from '../../../src-main/electron/tray/tray-state.ts';
import type { ConversationView } from '../../../src-shared/ipc.ts';
import { conversationFixture, T0, user } from '../core/fixtures.ts';

/** A tray that records what it was told, and lets the test click. */
function fakeTray() {
  const calls: { icon: string[]; toolTip: string[]; menus: TrayMenuItem[][] } = {
    icon: [],
    toolTip: [],
    menus: [],
  };
  let click: () => void = () => {};
  let destroyed = false;
  const factory: TrayFactory = ({ iconName, toolTip, onClick }) => {
    calls.icon.push(iconName);
    calls.toolTip.push(toolTip);
    click = onClick;
    return {
      setIcon: (name) => calls.icon.push(name),
      setToolTip: (text) => calls.toolTip.push(text),
      setMenu: (items) => calls.menus.push([...items]),
      destroy: () => {
        destroyed = true;
      },
    };
  };
  return {
    factory,
    calls,
    leftClick: () => click(),
    destroyed: () => destroyed,
    menu: () => calls.menus.at(-1) ?? [],
  };
}

function actions() {
  return {
    toggleWindow: vi.fn<() => void>(),
    showWindow: vi.fn<() => void>(),
    openConversation: vi.fn<(conversationId: string) => void>(),
    setDoNotDisturb: vi.fn<(choice: DndChoice) => void>(),
    setStartAtLogin: vi.fn<(enabled: boolean) => void>(),
    quit: vi.fn<() => void>(),
  } satisfies TrayActions;
}

function find(items: readonly TrayMenuItem[], id: string): TrayMenuItem | undefined {
  for (const item of items) {
    if ('id' in item && item.id === id) return item;
    if (item.type === 'submenu') {
      const inner = find(item.submenu, id);
      if (inner) return inner;
    }
  }
  return undefined;
}

function clickItem(items: readonly TrayMenuItem[], id: string): void {
  const item = find(items, id);
  if (!item || item.type === 'separator' || item.type === 'submenu' || !item.click)
    throw new Error(`no clickable ${id}`);
  item.click();
}

const labels = (items: readonly TrayMenuItem[]) =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label));

describe('tray count rendering', () => {
  it('shows nothing for 0, 1 to 9, then 9+', () => {
    expect(badgeLabel(0)).toBeNull();
    expect(badgeLabel(1)).toBe('1');
    expect(badgeLabel(9)).toBe('9');
    expect(badgeLabel(10)).toBe('9+');
    expect(badgeLabel(4711)).toBe('9+');
    expect(badgeLabel(-1)).toBeNull();
  });

  it('names an icon per count and do-not-disturb state (files made by make-icons)', () => {
    expect(trayIconName(0, false)).toBe('tray-none');
    expect(trayIconName(3, false)).toBe('tray-3');
    expect(trayIconName(12, false)).toBe('tray-9plus');
    expect(trayIconName(12, true)).toBe('tray-dnd-9plus');
    expect(trayIconName(0, true)).toBe('tray-dnd-none');
  });

  it('puts the count and do-not-disturb in the tooltip', () => {
    expect(trayToolTip({ unreadCount: 0, doNotDisturb: false })).toBe('BeatPass Messenger');
    expect(trayToolTip({ unreadCount: 14, doNotDisturb: true })).toBe(
      'BeatPass Messenger — 14 unread — do not disturb',
    );
  });
});

describe('SystemTrayService', () => {
  it('creates the tray with the current icon and tooltip, and a left click toggles the window', () => {
    const tray = fakeTray();
    const act = actions();
    new SystemTrayService(tray.factory, act, { unreadCount: 2 });
    expect(tray.calls.icon).toEqual(['tray-2']);
    expect(tray.calls.toolTip).toEqual(['BeatPass Messenger — 2 unread']);
    tray.leftClick();
    expect(act.toggleWindow).toHaveBeenCalledOnce();
  });

  it('updates icon and tooltip only when they change', () => {
    const tray = fakeTray();
    const service = new SystemTrayService(tray.factory, actions());
    service.update({ unreadCount: 5 });
    service.update({ unreadCount: 5 });
    service.update({ unreadCount: 11 });
    service.update({ unreadCount: 30 });
    service.update({ doNotDisturb: true });
    expect(tray.calls.icon).toEqual(['tray-none', 'tray-5', 'tray-9plus', 'tray-dnd-9plus']);
    expect(tray.calls.toolTip.at(-1)).toBe('BeatPass Messenger — 30 unread — do not disturb');
  });

  it('lists Open, up to five unread conversations, requests, do not disturb, start at login and Quit', () => {
    const tray = fakeTray();
    const act = actions();
    const service = new SystemTrayService(tray.factory, act);
    const unread = Array.from({ length: 7 }, (_, i) => ({ id: `c${i}`, title: `Chat ${i}`, unread: i + 1 }));
    service.update({
      signedIn: true,
      unreadConversations: unread,
      pendingRequests: [{ id: 'r1', title: 'Nova & Co', unread: 1 }],
      unreadCount: 29,
    });
    const menu = tray.menu();
    expect(labels(menu)).toEqual([
      'Open BeatPass Messenger',
      '---',
      'Chat 0 (1)',
      'Chat 1 (2)',
      'Chat 2 (3)',
      'Chat 3 (4)',
      'Chat 4 (5)',
      'Message requests (1)',
      '---',
      'Do not disturb',
      'Start at login',
      '---',
      'Quit',
    ]);
    const dnd = find(menu, 'dnd');
    expect(dnd?.type === 'submenu' && labels(dnd.submenu)).toEqual([
      'Off',
      'For 1 hour',
      'For 8 hours',
      'Until tomorrow',
      'Until I turn it off',
    ]);
    const requests = find(menu, 'requests');
    // An "&" in a name is doubled so Windows does not read it as an accelerator.
    expect(requests?.type === 'submenu' && labels(requests.submenu)).toEqual(['Nova && Co']);
  });

  it('runs the action of each item', () => {
    const tray = fakeTray();
    const act = actions();
    const service = new SystemTrayService(tray.factory, act);
    service.update({
      signedIn: true,
      unreadConversations: [{ id: 'c1', title: 'Dana', unread: 12 }],
      pendingRequests: [{ id: 'r1', title: 'Nova', unread: 1 }],
    });
    expect(labels(tray.menu())).toContain('Dana (9+)');
    clickItem(tray.menu(), 'open');
    clickItem(tray.menu(), 'conversation:c1');
    clickItem(tray.menu(), 'request:r1');
    clickItem(tray.menu(), 'dnd:8h');
    clickItem(tray.menu(), 'start-at-login');
    clickItem(tray.menu(), 'quit');
    expect(act.showWindow).toHaveBeenCalledOnce();
    expect(act.openConversation.mock.calls).toEqual([['c1'], ['r1']]);
    expect(act.setDoNotDisturb).toHaveBeenCalledWith('8h');
    expect(act.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(act.quit).toHaveBeenCalledOnce();
  });

  it('ticks the do-not-disturb choice and start at login from the state', () => {
    const tray = fakeTray();
    const service = new SystemTrayService(tray.factory, actions());
    const checked = (id: string) => {
      const item = find(tray.menu(), id);
      return item?.type === 'radio' || item?.type === 'checkbox' ? item.checked : undefined;
    };
    expect(checked('dnd:off')).toBe(true);
    clickItem(tray.menu(), 'dnd:1h');
    service.update({ doNotDisturb: true, startAtLogin: true });
    expect(checked('dnd:1h')).toBe(true);
    expect(checked('dnd:off')).toBe(false);
    expect(checked('start-at-login')).toBe(true);
    expect(find(tray.menu(), 'dnd')).toMatchObject({ label: 'Do not disturb (on)' });
    service.update({ doNotDisturb: false });
    expect(checked('dnd:off')).toBe(true);
  });

  it('marks a conversation with a message that did not go out, in the menu and the tooltip', () => {
    const tray = fakeTray();
    const service = new SystemTrayService(tray.factory, actions());
    service.update({
      signedIn: true,
      unreadCount: 2,
      unreadConversations: [
        { id: 'c1', title: 'Dana', unread: 2, failed: 1 },
        { id: 'c2', title: 'Marco', unread: 0, failed: 2 },
        { id: 'c3', title: 'Ava', unread: 1, failed: 0 },
      ],
    });
    expect(labels(tray.menu()).filter((l) => /Dana|Marco|Ava/.test(l))).toEqual([
      'Dana (2) — not sent',
      'Marco — not sent',
      'Ava (1)',
    ]);
    expect(tray.calls.toolTip.at(-1)).toBe('BeatPass Messenger — 2 unread — 3 not sent');
  });

  it('removes bidi controls from names, so a name cannot reorder the menu around it', () => {
    const tray = fakeTray();
    const service = new SystemTrayService(tray.factory, actions());
    service.update({
      signedIn: true,
      unreadConversations: [{ id: 'c1', title: 'Dana\u202Egnp.exe\u202C', unread: 1 }],
      pendingRequests: [{ id: 'r1', title: '\u2067Nova\u2069 & Co', unread: 1 }],
    });
    expect(labels(tray.menu())).toContain('Danagnp.exe (1)');
    const requests = find(tray.menu(), 'requests');
    expect(requests?.type === 'submenu' && labels(requests.submenu)).toEqual(['Nova && Co']);
  });

  it('offers no conversations while signed out, and is destroyed on dispose', () => {
    const tray = fakeTray();
    const service = new SystemTrayService(tray.factory, actions(), {
      unreadConversations: [{ id: 'c', title: 'x', unread: 1 }],
    });
    expect(find(tray.menu(), 'conversation:c')).toBeUndefined();
    service.update({ signedIn: true, unreadConversations: [] });
    expect(find(tray.menu(), 'no-unread')).toMatchObject({ enabled: false });
    service.dispose();
    expect(tray.destroyed()).toBe(true);
  });
});

describe('tray lists from conversation views', () => {
  const view = (id: string, patch: Partial<ConversationView>): ConversationView => ({
    ...conversationFixture(id),
    mute: null,
    draft: null,
    failedMessages: 0,
    ...patch,
  });

  it('picks unread, unmuted conversations newest first, and incoming requests apart', () => {
    const lists = trayConversations(
      [
        view('old', { unreadCount: 2, lastActivityAt: T0 }),
        view('new', { unreadCount: 1, lastActivityAt: T0 + 10, title: 'Beat club', kind: 'group' }),
        view('read', { unreadCount: 0, lastActivityAt: T0 + 20 }),
        view('marked', { markedUnread: true, lastActivityAt: T0 + 5 }),
        view('muted', { unreadCount: 4, mute: { until: null }, lastActivityAt: T0 + 30 }),
        view('request', { status: 'pending', requesterId: 'dana', unreadCount: 3, lastActivityAt: T0 + 40 }),
        view('sent-request', { status: 'pending', requesterId: 'me', lastActivityAt: T0 + 50 }),
      ],
      'me',
      T0 + 100,
    );
    expect(lists.unreadConversations.map((c) => c.id)).toEqual(['new', 'marked', 'old']);
    expect(lists.unreadConversations[0]?.title).toBe('Beat club');
    expect(lists.unreadConversations[2]?.title).toBe('DANA');
    expect(lists.pendingRequests.map((c) => c.id)).toEqual(['request']);
  });

  it("lists a conversation with a failed message of one's own even when it is read or muted", () => {
    const lists = trayConversations(
      [
        view('read-failed', { unreadCount: 0, failedMessages: 1, lastActivityAt: T0 + 2 }),
        view('muted-failed', {
          unreadCount: 3,
          failedMessages: 2,
          mute: { until: null },
          lastActivityAt: T0 + 1,
        }),
      ],
      'me',
      T0 + 100,
    );
    expect(lists.unreadConversations.map((c) => [c.id, c.failed])).toEqual([
      ['read-failed', 1],
      ['muted-failed', 2],
    ]);
  });

  it('names a direct conversation after the other people', () => {
    const lists = trayConversations(
      [view('g', { unreadCount: 1, participants: [user('me'), user('ari'), user('bo')] })],
      'me',
      T0,
    );
    expect(lists.unreadConversations[0]?.title).toBe('ARI, BO');
  });

  it('maps tray do-not-disturb choices to the core durations', () => {
    const now = new Date(2026, 10, 23, 22, 30).getTime();
    expect(['off', '1h', '8h', 'on'].map((c) => dndRequest(c as 'off', now))).toEqual([
      { duration: 'off' },
      { duration: '1h' },
      { duration: '8h' },
      { duration: 'always' },
    ]);
    // "Until tomorrow" ends tomorrow morning, local time, not 24 hours from now.
    expect(dndRequest('tomorrow', now)).toEqual({ until: new Date(2026, 10, 24, 8, 0).getTime() });
    expect(tomorrowMorning(new Date(2026, 11, 31, 1, 0).getTime())).toBe(
      new Date(2027, 0, 1, 8, 0).getTime(),
    );
  });
});
