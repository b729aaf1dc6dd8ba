import { describe, expect, it } from 'vitest';
import { APP_NAME, notificationContent, shouldNotify } from '../../../../src-main/core/policy/notify.ts';
import type { NotifyContext, NotifySubject } from '../../../../src-main/core/policy/notify.ts';
import { defaultNotificationPrefs } from '../../../../src-shared/domain.ts';
import type { AppNotification, Conversation, UserSummary } from '../../../../src-shared/domain.ts';

const now = 1_700_000_000_000;
const dana: UserSummary = {
  id: 'dana',
  username: 'dana',
  displayName: 'Dana',
  role: 'user',
  producerPageId: null,
  producerName: null,
};
const conversation = (kind: Conversation['kind'], title: string | null = null): Conversation => ({
  id: 'c1',
  kind,
  title,
  participants: [dana],
  status: 'accepted',
  requesterId: null,
  teamId: null,
  disabledReason: null,
  lastMessage: null,
  lastActivityAt: now,
  lastSeq: 1,
  unreadCount: 1,
  lastReadSeq: 0,
  markedUnread: false,
  othersReadSeq: 0,
  othersDeliveredSeq: 0,
  createdAt: now,
});
const message = (authorId = 'dana', body = 'new beat is up') => ({
  id: 'm1',
  conversationId: 'c1',
  seq: 1,
  authorId,
  clientId: 'client-1',
  body,
  createdAt: now,
});
const fromDana: NotifySubject = {
  kind: 'message',
  message: message(),
  conversation: conversation('direct'),
  author: dana,
};
const context = (patch: Partial<NotifyContext> = {}): NotifyContext => ({
  meId: 'me',
  prefs: defaultNotificationPrefs(),
  privacy: 'name_and_message',
  doNotDisturb: null,
  conversationMute: null,
  activeConversationId: null,
  windowFocused: false,
  replayed: false,
  now,
  ...patch,
});
const follower: AppNotification = {
  id: 'n1',
  data: { kind: 'new_follower', follower: dana },
  createdAt: now,
  readAt: null,
};

describe('shouldNotify', () => {
  it('shows a live message from someone else with name and text', () => {
    const decision = shouldNotify(fromDana, context());
    expect(decision).toEqual({
      show: true,
      content: { tag: 'conversation:c1', conversationId: 'c1', title: 'Dana', body: 'new beat is up' },
    });
  });

  it('never notifies for replayed history', () => {
    expect(shouldNotify(fromDana, context({ replayed: true }))).toEqual({ show: false, reason: 'replayed' });
  });

  it('never notifies for my own messages (sent from another device)', () => {
    const mine: NotifySubject = { ...fromDana, message: message('me') };
    expect(shouldNotify(mine, context())).toEqual({ show: false, reason: 'own_message' });
  });

  it('respects the desktop channel of the matching preference type', () => {
    const prefs = defaultNotificationPrefs();
    prefs.direct_messages.desktop = false;
    expect(shouldNotify(fromDana, context({ prefs }))).toEqual({ show: false, reason: 'channel_off' });
    // Other types keep their own switch.
    expect(shouldNotify({ kind: 'app_notification', notification: follower }, context({ prefs })).show).toBe(
      true,
    );
    prefs.new_follower.desktop = false;
    expect(shouldNotify({ kind: 'app_notification', notification: follower }, context({ prefs }))).toEqual({
      show: false,
      reason: 'channel_off',
    });
  });

  it('is silenced by a conversation mute while it lasts', () => {
    expect(shouldNotify(fromDana, context({ conversationMute: { until: now + 1 } }))).toEqual({
      show: false,
      reason: 'muted',
    });
    expect(shouldNotify(fromDana, context({ conversationMute: { until: now } })).show).toBe(true);
  });

  it('is silenced by do-not-disturb while it lasts', () => {
    expect(shouldNotify(fromDana, context({ doNotDisturb: { until: null } }))).toEqual({
      show: false,
      reason: 'do_not_disturb',
    });
    expect(shouldNotify(fromDana, context({ doNotDisturb: { until: now - 1 } })).show).toBe(true);
  });

  it('stays quiet only when the conversation is on screen in a focused window', () => {
    expect(shouldNotify(fromDana, context({ activeConversationId: 'c1', windowFocused: true }))).toEqual({
      show: false,
      reason: 'viewing',
    });
    expect(shouldNotify(fromDana, context({ activeConversationId: 'c1', windowFocused: false })).show).toBe(
      true,
    );
    expect(shouldNotify(fromDana, context({ activeConversationId: 'c2', windowFocused: true })).show).toBe(
      true,
    );
  });
});

describe('notification content by privacy setting', () => {
  it('name and message, name only, nothing', () => {
    expect(notificationContent(fromDana, 'name_and_message')).toMatchObject({
      title: 'Dana',
      body: 'new beat is up',
    });
    expect(notificationContent(fromDana, 'name_only')).toMatchObject({ title: 'Dana', body: 'New message' });
    expect(notificationContent(fromDana, 'nothing')).toMatchObject({ title: APP_NAME, body: 'New message' });
  });

  it('names the group for group messages and truncates long bodies', () => {
    const subject: NotifySubject = {
      ...fromDana,
      message: message('dana', 'x'.repeat(500)),
      conversation: conversation('group', 'Drums'),
    };
    const content = notificationContent(subject, 'name_and_message');
    expect(content.title).toBe('Dana in Drums');
    expect([...content.body].length).toBe(200);
    expect(content.body.endsWith('…')).toBe(true);
  });

  it('removes bidi controls from names and text: the OS draws them, unisolated', () => {
    const subject: NotifySubject = {
      ...fromDana,
      message: message('dana', 'invoice\u202Efdp.exe\u202C is attached \u2066ok\u2069'),
      conversation: conversation('group', '\u202BDrums\u202C'),
      author: { ...dana, displayName: 'Dana\u202D' },
    };
    const content = notificationContent(subject, 'name_and_message');
    expect(content.title).toBe('Dana in Drums');
    expect(content.body).toBe('invoicefdp.exe is attached ok');
    for (const controls of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ])
      expect(
        notificationContent({ ...fromDana, message: message('dana', `a${controls}b`) }, 'name_and_message')
          .body,
      ).toBe('ab');
  });

  it('describes in-app notifications, hiding the detail as privacy asks', () => {
    const subject: NotifySubject = { kind: 'app_notification', notification: follower };
    expect(notificationContent(subject, 'name_and_message')).toMatchObject({
      title: 'New follower',
      body: 'Dana followed you',
      tag: 'notification:n1',
    });
    expect(notificationContent(subject, 'name_only')).toMatchObject({ title: 'New follower', body: 'Dana' });
    expect(notificationContent(subject, 'nothing')).toMatchObject({
      title: APP_NAME,
      body: 'New notification',
    });
  });
});
