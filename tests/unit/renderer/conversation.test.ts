import { describe, expect, it } from 'vitest';
import type { UserSummary } from '../../../src-shared/domain.ts';
import type { ConversationView } from '../../../src-shared/ipc.ts';
import {
  composerBlock,
  conversationTitle,
  effectiveSendState,
  initials,
  isMuteActive,
  lastMessageState,
  previewText,
  typingText,
} from '../../../src-renderer/lib/conversation.ts';
import { capMessage, checkComposer } from '../../../src-renderer/lib/composer.ts';
import {
  cycleRecent,
  stepConversation,
  stepUnread,
  touchRecent,
} from '../../../src-renderer/lib/navigation.ts';

const user = (id: string, displayName: string): UserSummary => ({
  id,
  username: id,
  displayName,
  role: 'user',
  producerPageId: null,
  producerName: null,
});
const me = user('me', 'Dana Lee');
const marco = user('marco', 'Marco Beats');
const ava = user('ava', 'Ava Cruz');

function conversation(extra: Partial<ConversationView> = {}): ConversationView {
  return {
    id: 'c1',
    kind: 'direct',
    title: null,
    participants: [me, marco],
    status: 'accepted',
    requesterId: 'marco',
    teamId: null,
    disabledReason: null,
    lastMessage: null,
    lastActivityAt: 1,
    lastSeq: 0,
    unreadCount: 0,
    lastReadSeq: 0,
    markedUnread: false,
    othersReadSeq: 0,
    othersDeliveredSeq: 0,
    createdAt: 1,
    mute: null,
    draft: null,
    failedMessages: 0,
    ...extra,
  };
}

const message = (authorId: string, seq: number, body = 'hello') => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  authorId,
  clientId: `c${seq}`,
  body,
  createdAt: 1,
});

describe('titles, initials and previews', () => {
  it('titles a direct chat by the other person and an untitled group by names', () => {
    expect(conversationTitle(conversation(), 'me')).toBe('Marco Beats');
    expect(conversationTitle(conversation({ kind: 'group', participants: [me, marco, ava] }), 'me')).toBe(
      'Marco Beats and Ava Cruz',
    );
    // People invited who have not answered yet still name the group (after its members).
    expect(
      conversationTitle(conversation({ kind: 'group', participants: [me], invited: [marco, ava] }), 'me'),
    ).toBe('Marco Beats and Ava Cruz');
    expect(conversationTitle(conversation({ kind: 'group', participants: [me] }), 'me')).toBe('Just you');
    expect(conversationTitle(conversation({ kind: 'group', title: 'Summer pack' }), 'me')).toBe(
      'Summer pack',
    );
  });

  it('makes initials', () => {
    expect(initials('Dana Lee')).toBe('DL');
    expect(initials('beatsmith')).toBe('B');
    expect(initials('lo_fi_larry')).toBe('LL');
    expect(initials('')).toBe('');
    expect(initials('Mia (Moderator)')).toBe('MM');
    expect(initials('DJ ✨ Nova')).toBe('DN');
    expect(initials('Émile Ångström')).toBe('ÉÅ');
    expect(initials('(( ))')).toBe('');
  });

  it('previews "You: …" for your own last message and the author in groups', () => {
    expect(previewText(conversation({ lastMessage: message('me', 1, 'sent  it\\nnow') }), 'me')).toBe(
      'You: sent it\\nnow',
    );
    expect(previewText(conversation({ lastMessage: message('marco', 1, 'yo') }), 'me')).toBe('yo');
    expect(
      previewText(
        conversation({ kind: 'group', participants: [me, marco, ava], lastMessage: message('ava', 1, 'hi') }),
        'me',
      ),
    ).toBe('Ava: hi');
    expect(previewText(conversation({ status: 'pending', requesterId: 'marco' }), 'me')).toBe(
      'Message request',
    );
  });
});

describe('send state', () => {
  it('moves your message forward by the receipt watermarks, never back', () => {
    const c = conversation({ othersDeliveredSeq: 5, othersReadSeq: 3 });
    expect(effectiveSendState({ mine: true, seq: 3, state: 'sent' }, c)).toBe('seen');
    expect(effectiveSendState({ mine: true, seq: 5, state: 'sent' }, c)).toBe('delivered');
    expect(effectiveSendState({ mine: true, seq: 6, state: 'sent' }, c)).toBe('sent');
    expect(effectiveSendState({ mine: true, seq: 6, state: 'seen' }, c)).toBe('seen');
    expect(effectiveSendState({ mine: true, seq: null, state: 'failed' }, c)).toBe('failed');
    expect(effectiveSendState({ mine: false, seq: 1, state: 'sent' }, c)).toBe('sent');
  });

  it('shows the state of your last message in the list only', () => {
    expect(lastMessageState(conversation({ lastMessage: message('me', 2), othersReadSeq: 2 }), 'me')).toBe(
      'seen',
    );
    expect(lastMessageState(conversation({ lastMessage: message('marco', 2) }), 'me')).toBeNull();
  });
});

describe('composer rules', () => {
  it('blocks with the reason: muted, team disabled, declined, request received, waiting', () => {
    const free = { id: 'me', communityMuted: false };
    expect(composerBlock(conversation(), free)).toBeNull();
    expect(composerBlock(conversation(), { id: 'me', communityMuted: true })?.kind).toBe('community_muted');
    expect(
      composerBlock(
        conversation({ kind: 'team', disabledReason: 'A team chat needs at least two members.' }),
        free,
      ),
    ).toEqual({
      kind: 'team_disabled',
      text: 'A team chat needs at least two members.',
    });
    expect(composerBlock(conversation({ status: 'declined' }), free)?.kind).toBe('declined');
    expect(composerBlock(conversation({ status: 'pending', requesterId: 'marco' }), free)?.kind).toBe(
      'request_received',
    );
    // The requester may send the first message, then waits.
    expect(
      composerBlock(conversation({ status: 'pending', requesterId: 'me', lastSeq: 0 }), free),
    ).toBeNull();
    expect(
      composerBlock(conversation({ status: 'pending', requesterId: 'me', lastSeq: 1 }), free)?.text,
    ).toContain('Waiting for Marco');
  });

  it('counts trimmed characters, shows a counter near 2,000 and blocks past it', () => {
    expect(checkComposer('   ')).toMatchObject({ length: 0, canSend: false, counter: null });
    expect(checkComposer('  hi  ')).toMatchObject({ length: 2, canSend: true, counter: null });
  });

  it('caps what can be typed or pasted at the limit, counting characters as the server does', () => {
    expect(capMessage('hello', 10)).toEqual({ text: 'hello', cut: false });
    expect(capMessage('abcdefghijkl', 10)).toEqual({ text: 'abcdefghij', cut: true });
    // Leading white space is not counted (the server trims), emoji are one character each.
    expect(capMessage('   abcdefghijkl', 10)).toEqual({ text: '   abcdefghij', cut: true });
    expect(capMessage('🎹'.repeat(12), 10)).toEqual({ text: '🎹'.repeat(10), cut: true });
    const capped = capMessage('x'.repeat(300_000));
    expect(capped.cut).toBe(true);
    expect(checkComposer(capped.text)).toMatchObject({ canSend: true, over: false });
    expect(checkComposer('x'.repeat(1800))).toMatchObject({ canSend: true, counter: '200 left' });
    expect(checkComposer('x'.repeat(2000))).toMatchObject({ canSend: true, counter: '0 left', over: false });
    expect(checkComposer('x'.repeat(2003))).toMatchObject({
      canSend: false,
      over: true,
      counter: '3 over the 2,000-character limit',
    });
    // Code points, not UTF-16 units: 2,000 emoji fit.
    expect(checkComposer('🎧'.repeat(2000)).canSend).toBe(true);
  });

  it('words typing indicators', () => {
    expect(typingText([])).toBeNull();
    expect(typingText(['Marco'])).toBe('Marco is typing…');
    expect(typingText(['Marco', 'Ava'])).toBe('Marco and Ava are typing…');
    expect(typingText(['a', 'b', 'c'])).toBe('Several people are typing…');
  });

  it('knows when a mute is active', () => {
    expect(isMuteActive(null, 10)).toBe(false);
    expect(isMuteActive({ until: null }, 10)).toBe(true);
    expect(isMuteActive({ until: 20 }, 10)).toBe(true);
    expect(isMuteActive({ until: 5 }, 10)).toBe(false);
  });
});

describe('keyboard navigation between conversations', () => {
  const items = [
    { id: 'a', unread: false },
    { id: 'b', unread: true },
    { id: 'c', unread: false },
    { id: 'd', unread: true },
  ];

  it('steps up and down the list, clamped at the ends', () => {
    expect(stepConversation(items, 'b', 1)).toBe('c');
    expect(stepConversation(items, 'b', -1)).toBe('a');
    expect(stepConversation(items, 'a', -1)).toBe('a');
    expect(stepConversation(items, null, 1)).toBe('a');
    expect(stepConversation(items, null, -1)).toBe('d');
    expect(stepConversation([], null, 1)).toBeNull();
  });

  it('finds the next and previous unread, wrapping around', () => {
    expect(stepUnread(items, 'a', 1)).toBe('b');
    expect(stepUnread(items, 'b', 1)).toBe('d');
    expect(stepUnread(items, 'd', 1)).toBe('b');
    expect(stepUnread(items, 'c', -1)).toBe('b');
    expect(stepUnread(items, null, 1)).toBe('b');
    expect(
      stepUnread(
        items.map((i) => ({ ...i, unread: false })),
        'a',
        1,
      ),
    ).toBeNull();
  });

  it('keeps a most-recent-first list and cycles through it', () => {
    expect(touchRecent(['a', 'b', 'c'], 'c')).toEqual(['c', 'a', 'b']);
    expect(touchRecent(['a', 'b'], 'z', 2)).toEqual(['z', 'a']);
    expect(cycleRecent(['a', 'b', 'c'], 0, 1)).toEqual({ cursor: 1, id: 'b' });
    expect(cycleRecent(['a', 'b', 'c'], 1, 1)).toEqual({ cursor: 2, id: 'c' });
    expect(cycleRecent(['a', 'b', 'c'], 2, 1)).toEqual({ cursor: 0, id: 'a' });
    expect(cycleRecent(['a', 'b', 'c'], 0, -1)).toEqual({ cursor: 2, id: 'c' });
    expect(cycleRecent(['a'], 0, 1)).toEqual({ cursor: 0, id: 'a' });
  });
});
