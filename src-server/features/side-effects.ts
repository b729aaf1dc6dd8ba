import type { Message } from '../../src-shared/domain.ts';
import type { OpHandlers, ServerContext } from '../context.ts';
import type { Logger } from '../log.ts';
import { createEmailNotifier } from '../email/email-notifier.ts';
import { startDemo } from '../demo/index.ts';

/** Something that reacts to committed messages outside the event log (email, the demo bot). */
export interface SideEffects {
  messageCreated(message: Message, recipientIds: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * Every side effect this server runs, as a plain list: add one by pushing it. Each one is isolated, so a
 * throwing side effect is logged and neither reaches the send that triggered it nor stops the others.
 */
export async function createSideEffects(ctx: ServerContext, handlers: OpHandlers): Promise<SideEffects> {
  const parts: SideEffects[] = [];
  if (ctx.config.smtpUrl) parts.push(createEmailNotifier(ctx, ctx.config.smtpUrl));
  if (ctx.config.demo) parts.push(await startDemo(ctx, handlers));
  return combineSideEffects(ctx.log, parts);
}

export function combineSideEffects(log: Logger, parts: readonly SideEffects[]): SideEffects {
  return {
    messageCreated(message, recipientIds) {
      for (const part of parts) {
        try {
          part.messageCreated(message, recipientIds);
        } catch (err) {
          log.error({ err, messageId: message.id }, 'a message side effect failed');
        }
      }
    },
    async close() {
      const results = await Promise.allSettled(parts.map((part) => part.close()));
      for (const result of results) {
        if (result.status === 'rejected') log.error({ err: result.reason }, 'a side effect failed to close');
      }
    },
  };
}
