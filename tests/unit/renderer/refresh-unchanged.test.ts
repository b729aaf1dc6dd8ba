import { describe, expect, it } from 'vitest';
import { createEventHub } from '../../../src-shared/bridge.ts';
import type { BridgeEvent } from '../../../src-shared/bridge.ts';
import type { ConversationView, IpcChannel, IpcResponse, MessageView } from '../../../src-shared/ipc.ts';
import { ApiClient } from '../../../src-renderer/api/client.ts';
import { ConversationsModel } from '../../../src-renderer/model/conversations-model.ts';
import { PeopleModel } from '../../../src-renderer/model/people-model.ts';
import { UiModel } from '../../../src-renderer/model/ui-model.ts';
import { conversationFixture, T0, user } from '../core/fixtures.ts';

const conversation: ConversationView = {
  ...conversationFixture('c1', { lastSeq: 2, unreadCount: 1, lastReadSeq: 1 }),
  mute: null,
  draft: null,
  failedMessages: 0,
};
const message = (seq: number): MessageView => ({
  id: `m${seq}`,
  clientId: `k${seq}`,
  conversationId: 'c1',
  seq,
  authorId: 'dana',
  body: `message ${seq}`,
  createdAt: T0 + seq,
  mine: false,
  state: 'sent',
  failure: null,
});
/** A fresh copy, as the bridge delivers it: equal data, new objects. */
const copy = <T>(value: T): T => structuredClone(value);

/** The renderer's models over a bridge that answers from `answers` and lets the test push events. */
function models(answers: Record<string, unknown>) {
  const hub = createEventHub();
  const client = new ApiClient({
    invoke: <C extends IpcChannel>(channel: C) => {
      const response = { ok: true, result: copy(answers[channel] ?? { ok: true }) };
      return Promise.resolve(response as IpcResponse<C>);
    },
    on: hub.on,
  });
  const ui = new UiModel();
  const people = new PeopleModel(client, ui);
  const conversations = new ConversationsModel(client, ui, people, { markReadAbout: () => {} });
  conversations.subscribe();
  return { conversations, people, emit: (event: BridgeEvent) => hub.emit(event) };
}

describe('a refresh that changes nothing leaves the renderer state as it was', () => {
  it('opening a conversation, then its server page and row arriving again, keeps list, thread and people', async () => {
    const { conversations, people, emit } = models({
      'conversations.list': { conversations: [conversation], nextCursor: null },
      'conversations.open': { conversation, messages: [message(1), message(2)], hasMore: false },
    });
    await conversations.reload();
    const list = conversations.list.get();
    const known = people.known.get();
    expect([...known.keys()]).toEqual(['me', 'dana']);

    conversations.open('c1');
    const thread = conversations.threads.thread('c1');
    await new Promise<void>((resolve) => {
      const off = thread.subscribe(() => {
        if (thread.get().status !== 'ready') return;
        off();
        resolve();
      });
    });
    const opened = thread.get();
    expect(opened.messages.map((m) => m.seq)).toEqual([1, 2]);
    // The answer's conversation is the list's row: the list (5,000 rows sorted, in the app) stays.
    await Promise.resolve();
    expect(conversations.list.get()).toBe(list);

    let notified = 0;
    thread.subscribe(() => (notified += 1));
    conversations.list.subscribe(() => (notified += 1));
    people.known.subscribe(() => (notified += 1));
    emit({ name: 'messages.changed', payload: { conversationId: 'c1', messages: [message(1), message(2)] } });
    emit({ name: 'conversations.changed', payload: { conversations: [copy(conversation)] } });
    people.remember([user('dana'), user('me')]);
    expect(notified).toBe(0);
    expect(thread.get()).toBe(opened);
    expect(conversations.list.get()).toBe(list);
    expect(people.known.get()).toBe(known);

    // A real change still goes through, and keeps the messages that did not change.
    const read = { ...conversation, unreadCount: 0, lastReadSeq: 2 };
    emit({ name: 'conversations.changed', payload: { conversations: [read] } });
    expect(conversations.get('c1')).toEqual(read);
    const edited = { ...message(2), body: 'edited' };
    emit({ name: 'messages.changed', payload: { conversationId: 'c1', messages: [message(1), edited] } });
    expect(thread.get().messages[0]).toBe(opened.messages[0]);
    expect(thread.get().messages[1]).toEqual(edited);
    people.remember([{ ...user('dana'), displayName: 'Dana Okafor' }]);
    expect(people.known.get().get('dana')?.displayName).toBe('Dana Okafor');
    // The list, the thread and the people, once each.
    expect(notified).toBe(3);
  });
});
