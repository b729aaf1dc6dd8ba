import { useMemo } from 'react';
import { firstName } from '../lib/conversation.ts';
import { useModel, useStore } from './model-context.ts';
import { useMe } from './useSession.ts';

/** First names of the others typing in a conversation right now. */
export function useTypingNames(conversationId: string): string[] {
  const model = useModel();
  const typing = useStore(model.conversations.typing);
  const people = useStore(model.people.known);
  const me = useMe();
  const ids = typing.get(conversationId);
  return useMemo(
    () =>
      (ids ?? [])
        .filter((id) => id !== me?.id)
        .map((id) => firstName(people.get(id)?.displayName ?? 'Someone')),
    [ids, people, me?.id],
  );
}
