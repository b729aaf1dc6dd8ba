import { createTransport } from 'nodemailer';
import type { Message } from '../../src-shared/domain.ts';
import type { ServerContext } from '../context.ts';
import { loadUserSummary } from '../features/people/user-view.ts';
import { composeMessageEmail } from './compose.ts';
import { loadEmailRecipient } from './recipient.ts';
import { smtpTransportOptions } from './smtp-options.ts';

/**
 * What the notifier offers the server: it hears of each committed message and closes at shutdown. It has
 * the shape of a message side effect (features/side-effects.ts) without importing it: the list of side
 * effects knows the notifier, the notifier does not know the list.
 */
export interface MessageEmailer {
  messageCreated(message: Message, recipientIds: readonly string[]): void;
  close(): Promise<void>;
}

/** Messages for one recipient in one conversation, waiting out the debounce window. */
interface Batch {
  recipientId: string;
  conversationId: string;
  seqs: number[];
  latest: Message;
  timer: NodeJS.Timeout;
}

/**
 * Emails people about direct messages that arrive while they have no live session.
 *
 * Per (recipient, conversation), the first such message opens a window of `emailDebounceMs`; messages in
 * the window join it, and when it ends one email summarises those still unread (how many, and the latest).
 * The window is fixed, not extended by each message, so a steady stream still yields one email per window.
 * Each message is checked as it arrives (recipient offline, email on, …) and everything again when the
 * window ends: no email if the recipient came online, read those messages, switched email off, or
 * declined the request meanwhile.
 *
 * Nothing here can slow down or fail a send: the hook only starts a task, the rest runs on its own, and
 * failures are logged. Windows still open at shutdown are dropped.
 */
export function createEmailNotifier(ctx: ServerContext, smtpUrl: string): MessageEmailer {
  const { config, db } = ctx;
  const log = ctx.log.child({ component: 'email' });
  const transport = createTransport(smtpTransportOptions(smtpUrl), { from: config.emailFrom });
  const batches = new Map<string, Batch>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const track = (task: Promise<void>) => {
    const tracked = task.catch((err: unknown) => log.error({ err }, 'message email failed'));
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };

  /**
   * Files one message for one recipient, if it qualifies now (a direct conversation, an address, email on).
   * Checked per message, so one that arrives while email is off never counts, whatever the window does.
   */
  const consider = async (message: Message, recipientId: string) => {
    // Someone with a live session (on any node) sees the message in the app; an email would say it twice.
    if (await ctx.presence.isOnline(recipientId)) return;
    const recipient = await loadEmailRecipient(db, recipientId, message.conversationId);
    if (!recipient || closed) return;
    const key = `${recipientId}:${message.conversationId}`;
    const batch = batches.get(key);
    if (batch) {
      batch.seqs.push(message.seq);
      if (message.seq > batch.latest.seq) batch.latest = message;
      return;
    }
    const timer = setTimeout(() => {
      batches.delete(key);
      track(deliver(fresh));
    }, config.emailDebounceMs);
    const fresh: Batch = {
      recipientId,
      conversationId: message.conversationId,
      seqs: [message.seq],
      latest: message,
      timer,
    };
    batches.set(key, fresh);
  };

  const deliver = async (batch: Batch) => {
    const context = { recipientId: batch.recipientId, conversationId: batch.conversationId };
    if (closed) return;
    if (await ctx.presence.isOnline(batch.recipientId)) {
      log.debug(context, 'message email skipped: the recipient came online');
      return;
    }
    const recipient = await loadEmailRecipient(db, batch.recipientId, batch.conversationId);
    if (!recipient) return;
    const unread = batch.seqs.filter((seq) => seq > recipient.lastReadSeq);
    if (unread.length === 0) {
      log.debug(context, 'message email skipped: already read');
      return;
    }
    const sender = await loadUserSummary(db, batch.latest.authorId);
    if (!sender) return;
    const email = composeMessageEmail({
      recipientName: recipient.displayName,
      senderName: sender.displayName,
      senderUsername: sender.username,
      count: unread.length,
      latestBody: batch.latest.body,
      isRequest: recipient.isRequest,
      conversationId: batch.conversationId,
      appLinkBase: config.appLinkBase,
    });
    const info = await transport.sendMail({
      to: { name: recipient.displayName, address: recipient.email },
      ...email,
    });
    log.info({ ...context, count: unread.length, messageId: info.messageId }, 'message email sent');
  };

  return {
    messageCreated(message, recipientIds) {
      if (closed) return;
      for (const recipientId of recipientIds) track(consider(message, recipientId));
    },

    async close() {
      closed = true;
      for (const batch of batches.values()) clearTimeout(batch.timer);
      if (batches.size > 0)
        log.info({ dropped: batches.size }, 'message emails still waiting were dropped at shutdown');
      batches.clear();
      await Promise.allSettled(inFlight);
      transport.close();
    },
  };
}
