import { setTimeout as sleep } from 'node:timers/promises';
import type { Message } from '../../src-shared/domain.ts';
import type { Caller, OpHandlers, ServerContext } from '../context.ts';
import { newId } from '../ids.ts';
import { createReplier } from './replies.ts';

export interface DemoBot {
  messageCreated(message: Message, recipientIds: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * The demo producer: answers direct messages so a newcomer sees every live signal the app has. After
 * `demoReplyDelayMs` it starts typing, marks the message delivered and then read (accepting it first if it
 * is a message request), types for the same delay again, and replies.
 *
 * It acts only through the operation handlers a client's requests reach (`typing.set`,
 * `messages.delivered`, `conversations.accept` / `markRead`, `messages.send`), so everything it does is
 * checked, stored and fanned out exactly like a person's action; it just has no socket.
 */
export type DemoBotOps = Pick<
  OpHandlers,
  'typing.set' | 'messages.delivered' | 'conversations.accept' | 'conversations.markRead' | 'messages.send'
>;

/** `handlers`: the server's own (on SQLite they run on the store thread, as a client's requests do). */
export function startDemoBot(ctx: ServerContext, handlers: DemoBotOps, botUserId: string): DemoBot {
  const caller: Caller = { userId: botUserId, sessionId: 'demo-bot', connectionId: 'demo-bot' };
  const delay = ctx.config.demoReplyDelayMs;
  const reply = createReplier();
  const stop = new AbortController();
  /** Per conversation: a burst of messages gets one answer, to the last of them. */
  const scheduled = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const answer = async (message: Message): Promise<void> => {
    const { conversationId } = message;
    const conversation = await ctx.db
      .selectFrom('conversations')
      .select(['kind', 'status', 'requester_id'])
      .where('id', '=', conversationId)
      .executeTakeFirst();
    // Groups and teams talk among themselves; the bot only answers people who write to it.
    if (!conversation || conversation.kind !== 'direct' || conversation.status === 'declined') return;
    await handlers['typing.set'](caller, { conversationId, typing: true });
    await handlers['messages.delivered'](caller, { conversationId, upToSeq: message.seq });
    if (conversation.status === 'pending' && conversation.requester_id !== botUserId) {
      await handlers['conversations.accept'](caller, { conversationId });
    } else {
      await handlers['conversations.markRead'](caller, { conversationId, upToSeq: message.seq });
    }
    await sleep(delay, undefined, { signal: stop.signal });
    await handlers['messages.send'](caller, {
      conversationId,
      clientId: `demo-bot-${newId()}`,
      body: reply(message.body),
    });
    // Clients also drop the indicator when the message arrives; this covers those that wait for expiry.
    await handlers['typing.set'](caller, { conversationId, typing: false });
  };

  return {
    messageCreated(message, recipientIds) {
      if (stop.signal.aborted || message.authorId === botUserId || !recipientIds.includes(botUserId)) return;
      clearTimeout(scheduled.get(message.conversationId));
      const timer = setTimeout(() => {
        scheduled.delete(message.conversationId);
        const task = answer(message).catch((error: unknown) => {
          if (!stop.signal.aborted)
            ctx.log.warn({ err: error, conversationId: message.conversationId }, 'demo bot could not answer');
        });
        running.add(task);
        void task.finally(() => running.delete(task));
      }, delay);
      scheduled.set(message.conversationId, timer);
    },
    async close() {
      stop.abort();
      for (const timer of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
      await Promise.all(running);
    },
  };
}
