// PLACEHOLDER: email notifier and demo wiring come in this session.
import type { Message } from '../../src-shared/domain.ts';
import type { ServerContext } from '../context.ts';

export interface SideEffects {
  messageCreated(message: Message, recipientIds: readonly string[]): void;
  close(): Promise<void>;
}

export async function createSideEffects(_ctx: ServerContext): Promise<SideEffects> {
  return { messageCreated: () => {}, close: async () => {} };
}
