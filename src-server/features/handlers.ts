import type { OpHandlers, HandlerContext } from '../context.ts';
import { blockHandlers } from './consent/block-handlers.ts';
import { conversationHandlers } from './conversations/conversation-handlers.ts';
import { messageHandlers } from './messages/message-handlers.ts';
import { notificationHandlers } from './notifications/notification-handlers.ts';
import { peopleHandlers } from './people/people-handlers.ts';
import { producerHandlers } from './producers/producer-handlers.ts';
import { reportHandlers } from './reports/report-handlers.ts';
import { teamHandlers } from './teams/team-handlers.ts';

/** Every operation's handler. The type demands exactly one per op in the protocol, so none can be missed. */
export function createHandlers(ctx: HandlerContext): OpHandlers {
  return {
    ...conversationHandlers(ctx),
    ...messageHandlers(ctx),
    ...peopleHandlers(ctx),
    ...producerHandlers(ctx),
    ...teamHandlers(ctx),
    ...reportHandlers(ctx),
    ...notificationHandlers(ctx),
    ...blockHandlers(ctx),
  } satisfies OpHandlers;
}
