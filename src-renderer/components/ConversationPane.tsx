import { useId } from 'react';
import type { Me } from '../../src-shared/domain.ts';
import { useConversation } from '../hooks/useConversations.ts';
import { composerBlock, conversationTitle, isRequestForMe } from '../lib/conversation.ts';
import { Composer } from './Composer.tsx';
import { ComposerBlocked } from './ComposerBlocked.tsx';
import { ConversationHeader } from './ConversationHeader.tsx';
import { History } from './History.tsx';
import { RequestBanner } from './RequestBanner.tsx';
import { TypingIndicator } from './TypingIndicator.tsx';

/** One open conversation: header, request banner, history, typing line and the composer (or why not). */
export function ConversationPane({
  conversationId,
  me,
  narrow,
}: {
  conversationId: string;
  me: Me;
  narrow: boolean;
}) {
  const conversation = useConversation(conversationId);
  const titleId = useId();
  if (!conversation) {
    return (
      <div className="empty" role="status">
        <p className="empty__text">This conversation is no longer available.</p>
      </div>
    );
  }
  const title = conversationTitle(conversation, me.id);
  const block = composerBlock(conversation, me);
  return (
    <section className="conversation" aria-labelledby={titleId} data-testid="conversation">
      <ConversationHeader
        conversation={conversation}
        me={me}
        title={title}
        titleId={titleId}
        narrow={narrow}
      />
      {isRequestForMe(conversation, me.id) && <RequestBanner conversation={conversation} meId={me.id} />}
      <History conversation={conversation} me={me} />
      <TypingIndicator conversationId={conversation.id} />
      {block ? <ComposerBlocked block={block} /> : <Composer conversation={conversation} title={title} />}
    </section>
  );
}
