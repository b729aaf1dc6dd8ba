import type { ThreadState } from '../model/app-model.ts';
import { useModel, useStore } from './model-context.ts';

/** The loaded history of one conversation (see `AppModel.openConversation`). */
export function useThread(conversationId: string): ThreadState {
  return useStore(useModel().thread(conversationId));
}
