import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { createCore } from '../../../src-main/core/core.ts';
import type { Core } from '../../../src-main/core/core.ts';
import { MemorySessionStore } from '../../../src-main/core/settings/session-store.ts';
import { MemorySettingsStore } from '../../../src-main/core/settings/settings-store.ts';
import { DesktopShell } from '../../../src-main/electron/desktop-shell.ts';
import type {
  NotificationHandlers,
  NotificationSpec,
} from '../../../src-main/electron/notifications/notification-service.ts';
import type { IpcEventName } from '../../../src-shared/ipc.ts';
import { messageFixture, T0, user } from '../core/fixtures.ts';

const SERVER = 'http://127.0.0.1:9';

/** OS notifications as a list: what was shown, which are still up, and a way to click or reply. */
function fakeNotifications() {
  const all: { spec: NotificationSpec; handlers: NotificationHandlers; closed: boolean }[] = [];
  return {
    all,
    open: () => all.filter((n) => !n.closed),
    factory: (spec: NotificationSpec, handlers: NotificationHandlers) => {
      const entry = { spec, handlers, closed: false };
      all.push(entry);
      return {
        show: () => {},
        close: () => {
          entry.closed = true;
        },
      };
    },
  };
}

let dir: string;
let core: Core;
let os: ReturnType<typeof fakeNotifications>;
let window: { showAndFocus: Mock<() => void>; isFocused: () => boolean; focused: boolean };
let shell: DesktopShell;
let events: { name: IpcEventName; payload: unknown }[];
const reply = vi.fn<(conversationId: string, body: string) => void>();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'notification-click-'));
  os = fakeNotifications();
  window = { showAndFocus: vi.fn<() => void>(), focused: false, isFocused: () => window.focused };
  shell = new DesktopShell({
    notificationFactory: os.factory,
    badge: {
      platform: 'linux',
      setAppBadge: () => {},
      setOverlay: () => {},
      flashFrame: () => {},
    },
    window,
  });
  // Signed in (a stored session) but never started: the core decides and the shell shows, no server needed.
  const sessions = new MemorySessionStore();
  sessions.save({
    serverUrl: SERVER,
    me: { ...user('me'), communityMuted: false, createdAt: T0 },
    tokens: { accessToken: 'a', accessExpiresAt: T0 + 1e9, refreshToken: 'r', refreshExpiresAt: T0 + 1e9 },
  });
  core = createCore({
    dataDir: dir,
    serverUrl: SERVER,
    shell,
    sessions,
    settings: new MemorySettingsStore(),
  });
  shell.bind({
    notificationClicked: (tag) => core.notificationClicked(tag),
    reply,
    canReply: () => true,
    shouldFlash: () => true,
  });
  events = [];
  core.events.subscribe((name, payload) => events.push({ name, payload }));
  reply.mockReset();
});
afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OS notification → conversation', () => {
  it('a click shows and focuses the window and opens exactly that conversation', () => {
    core.notifyMessage(messageFixture('c1', 1, { body: 'yo, got the stems?' }), false);
    expect(os.open().map((n) => n.spec)).toEqual([
      {
        tag: 'conversation:c1',
        title: 'Someone',
        body: 'yo, got the stems?',
        silent: false,
        replyPlaceholder: 'Reply…',
      },
    ]);
    os.open()[0]?.handlers.click();
    expect(window.showAndFocus).toHaveBeenCalledOnce();
    expect(events.filter((e) => e.name === 'navigate.conversation')).toEqual([
      { name: 'navigate.conversation', payload: { conversationId: 'c1' } },
    ]);
    expect(shell.notifications.shownTags).toEqual([]);
  });

  it('keeps one notification per conversation: a newer message replaces it', () => {
    core.notifyMessage(messageFixture('c1', 1), false);
    core.notifyMessage(messageFixture('c2', 1), false);
    core.notifyMessage(messageFixture('c1', 2, { body: 'second' }), false);
    expect(os.all).toHaveLength(3);
    expect(os.open().map((n) => [n.spec.tag, n.spec.body])).toEqual([
      ['conversation:c2', 'message 1'],
      ['conversation:c1', 'second'],
    ]);
  });

  it('removes it when the conversation is read anywhere (here or on another device)', () => {
    core.notifyMessage(messageFixture('c1', 1), false);
    core.clearNotification('c1');
    expect(os.open()).toEqual([]);
    // Opening the conversation in the app does the same.
    core.notifyMessage(messageFixture('c1', 2), false);
    core.setActiveConversation('c1');
    expect(os.open()).toEqual([]);
  });

  it('sends an inline reply to that conversation', () => {
    core.notifyMessage(messageFixture('c1', 1), false);
    os.open()[0]?.handlers.reply('  on it  ');
    expect(reply).toHaveBeenCalledWith('c1', 'on it');
    expect(shell.notifications.shownTags).toEqual([]);
  });

  it('does not notify replayed history, own messages, or the conversation on screen', () => {
    core.notifyMessage(messageFixture('c1', 1), true);
    core.notifyMessage(messageFixture('c1', 2, { authorId: 'me' }), false);
    window.focused = true;
    core.setActiveConversation('c1');
    core.notifyMessage(messageFixture('c1', 3), false);
    expect(os.all).toEqual([]);
  });

  it('a notification the OS closed is forgotten, and a click on a non-conversation one only focuses', () => {
    shell.showNotification({
      tag: 'notification:n1',
      conversationId: null,
      title: 'Playlist invite',
      body: 'Dana invited you',
      silent: true,
    });
    expect(os.open()[0]?.spec.replyPlaceholder).toBeNull();
    os.open()[0]?.handlers.click();
    expect(window.showAndFocus).toHaveBeenCalledOnce();
    expect(events.some((e) => e.name === 'navigate.conversation')).toBe(false);
    shell.showNotification({
      tag: 'conversation:c9',
      conversationId: 'c9',
      title: 'x',
      body: 'y',
      silent: false,
    });
    os.all.at(-1)?.handlers.closed();
    expect(shell.notifications.shownTags).toEqual([]);
  });
});
