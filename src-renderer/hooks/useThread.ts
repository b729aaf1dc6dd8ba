import type { ThreadState } from '../model/threads-model.ts';
import { useModel, useStore } from './model-context.ts';

/** The loaded history of one conversation (see `ConversationsModel.open`). */
export function useThread(conversationId: string): ThreadState {
  return useStore(useModel().conversations.threads.thread(conversationId));
}
