import { useMemo } from 'react';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { compareConversations } from '../lib/conversation.ts';
import { useModel, useStore } from './model-context.ts';

/** The conversation list, newest activity first; `loaded` once the first load answered (or failed). */
export function useConversations(): {
  conversations: ConversationView[];
  loaded: boolean;
  error: string | null;
} {
  const { byId, status, error } = useStore(useModel().conversations.list);
  const conversations = useMemo(() => [...byId.values()].sort(compareConversations), [byId]);
  return { conversations, loaded: status === 'ready' || status === 'error', error };
}

export function useConversation(conversationId: string | null): ConversationView | null {
  const { byId } = useStore(useModel().conversations.list);
  return conversationId ? (byId.get(conversationId) ?? null) : null;
}
