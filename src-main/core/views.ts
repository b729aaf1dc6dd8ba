import type { Conversation, Message } from '../../src-shared/domain.ts';
import { deriveSendState } from '../../src-shared/ipc.ts';
import type { ConversationView, MessageView, Mute } from '../../src-shared/ipc.ts';
import type { StoredConversation } from './cache/conversation-store.ts';
import type { OutboxEntry } from './cache/outbox-store.ts';
import { showsAsFailed } from './outbox/outbox.ts';

type Watermarks = Pick<Conversation, 'othersDeliveredSeq' | 'othersReadSeq'>;

export function storedMessageView(
  message: Message,
  meId: string,
  watermarks: Watermarks | null,
): MessageView {
  const mine = message.authorId === meId;
  return {
    id: message.id,
    clientId: message.clientId,
    conversationId: message.conversationId,
    seq: message.seq,
    authorId: message.authorId,
    body: message.body,
    createdAt: message.createdAt,
    mine,
    state:
      mine && watermarks
        ? deriveSendState(message.seq, watermarks.othersDeliveredSeq, watermarks.othersReadSeq)
        : 'sent',
    failure: null,
  };
}

export function outboxMessageView(entry: OutboxEntry): MessageView {
  return {
    id: null,
    clientId: entry.clientId,
    conversationId: entry.conversationId,
    seq: null,
    authorId: entry.authorId,
    body: entry.body,
    createdAt: entry.createdAt,
    mine: true,
    state: showsAsFailed(entry) ? 'failed' : 'sending',
    failure: entry.failure && { ...entry.failure, willRetry: entry.state === 'sending' },
  };
}

export function conversationView(stored: StoredConversation, mute: Mute | null): ConversationView {
  return { ...stored.conversation, mute, draft: stored.draft, failedMessages: stored.failedMessages };
}
