import { useMemo } from 'react';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { compareConversations } from '../lib/conversation.ts';
import { useModel, useStore } from './model-context.ts';

/** The conversation list, newest activity first. */
export function useConversations(): {
  conversations: ConversationView[];
  loaded: boolean;
  error: string | null;
} {
  const { byId, loaded, error } = useStore(useModel().conversations);
  const conversations = useMemo(() => [...byId.values()].sort(compareConversations), [byId]);
  return { conversations, loaded, error };
}

export function useConversation(conversationId: string | null): ConversationView | null {
  const { byId } = useStore(useModel().conversations);
  return conversationId ? (byId.get(conversationId) ?? null) : null;
}
