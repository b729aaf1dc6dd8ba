import { describe, expect, it } from 'vitest';
import { IpcEvents } from '../../../src-main/core/ipc-events.ts';
import { bindTray } from '../../../src-main/electron/tray/tray-binding.ts';
import type { TraySource } from '../../../src-main/electron/tray/tray-binding.ts';
import type { TrayState } from '../../../src-main/electron/tray/tray-model.ts';
import { defaultLocalSettings } from '../../../src-shared/ipc.ts';
import type { ConversationView, LocalSettings } from '../../../src-shared/ipc.ts';
import { conversationFixture, T0, user } from '../core/fixtures.ts';

const me = { ...user('me'), communityMuted: false, createdAt: T0 };
const view = (id: string, patch: Partial<ConversationView> = {}): ConversationView => ({
  ...conversationFixture(id),
  mute: null,
  draft: null,
  failedMessages: 0,
  ...patch,
});

function setUp(
  initial: { conversations?: ConversationView[]; settings?: Partial<LocalSettings>; signedIn?: boolean } = {},
) {
  const events = new IpcEvents();
  let state: Partial<TrayState> = {};
  const timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  let now = T0;
  const source: TraySource = {
    subscribe: (listener) => events.subscribe(listener),
    me: () => (initial.signedIn === false ? null : me),
    settings: () => ({ ...defaultLocalSettings(), ...initial.settings }),
    conversations: () => initial.conversations ?? [],
    badgeCount: () => 3,
    now: () => now,
    at: (time, callback) => {
      const timer = { at: time, callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  };
  const stop = bindTray((patch) => (state = { ...state, ...patch }), source);
  return {
    events,
    stop,
    state: () => state,
    timers,
    advance: (ms: number) => {
      now += ms;
      for (const timer of timers) if (!timer.cancelled && timer.at <= now) timer.callback();
    },
  };
}

describe('tray binding (core events → tray)', () => {
  it('starts from the core state', () => {
    const world = setUp({
      conversations: [view('c1', { unreadCount: 2 })],
      settings: { startAtLogin: true },
    });
    expect(world.state()).toMatchObject({
      signedIn: true,
      unreadCount: 3,
      startAtLogin: true,
      doNotDisturb: false,
    });
    expect(world.state().unreadConversations?.map((c) => c.id)).toEqual(['c1']);
  });

  it('follows badge, conversation, session and settings events', () => {
    const world = setUp();
    world.events.push('badge.changed', { count: 12 });
    world.events.push('conversations.changed', {
      conversations: [view('c1', { unreadCount: 1 }), view('r1', { status: 'pending', requesterId: 'dana' })],
    });
    expect(world.state()).toMatchObject({ unreadCount: 12 });
    expect(world.state().pendingRequests?.map((c) => c.id)).toEqual(['r1']);
    world.events.push('conversations.removed', { conversationId: 'c1' });
    expect(world.state().unreadConversations).toEqual([]);
    world.events.push('settings.changed', {
      ...defaultLocalSettings(),
      startAtLogin: true,
      doNotDisturb: { until: null },
    });
    expect(world.state()).toMatchObject({ startAtLogin: true, doNotDisturb: true });
    world.events.push('session.changed', { me: null });
    expect(world.state()).toMatchObject({ signedIn: false, pendingRequests: [] });
  });

  it('turns a timed do-not-disturb off when it ends, and stops listening when disposed', () => {
    const world = setUp({ settings: { doNotDisturb: { until: T0 + 60_000 } } });
    expect(world.state().doNotDisturb).toBe(true);
    world.advance(60_000);
    expect(world.state().doNotDisturb).toBe(false);
    world.stop();
    world.events.push('badge.changed', { count: 99 });
    expect(world.state().unreadCount).toBe(3);
  });
});
