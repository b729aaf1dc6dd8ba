import { useTypingNames } from '../hooks/useTyping.ts';
import { typingText } from '../lib/conversation.ts';

/** "Dana is typing…": a polite live region so screen readers hear it without interruption. */
export function TypingIndicator({ conversationId }: { conversationId: string }) {
  const text = typingText(useTypingNames(conversationId));
  return (
    <div className="typing" aria-live="polite" data-testid="typing-indicator">
      {text && (
        <>
          <span className="typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{text}</span>
        </>
      )}
    </div>
  );
}
