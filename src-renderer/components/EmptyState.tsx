import { useModel } from '../hooks/model-context.ts';
import { detectPlatform } from '../lib/shortcuts.ts';
import { Icon } from './Icon.tsx';

export function EmptyState({ hasConversations }: { hasConversations: boolean }) {
  const model = useModel();
  const mod = detectPlatform(navigator.userAgent) === 'mac' ? '⌘' : 'Ctrl';
  return (
    <div className="empty">
      <div className="empty__art" aria-hidden="true">
        <Icon name="message" size={40} />
      </div>
      <h2 className="empty__title">{hasConversations ? 'Pick a conversation' : 'No conversations yet'}</h2>
      <p className="empty__text">
        {hasConversations
          ? 'Choose one from the list, or jump straight to anyone.'
          : 'Start one with a producer or collaborator you know.'}
      </p>
      <div className="empty__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => model.ui.pushOverlay({ kind: 'newMessage' })}
        >
          New message
          <span className="button__keys" aria-hidden="true">
            <kbd>{mod}</kbd>
            <kbd>N</kbd>
          </span>
        </button>
        <button
          type="button"
          className="button"
          onClick={() => model.ui.pushOverlay({ kind: 'quickSwitcher' })}
        >
          Jump to…
          <span className="button__keys" aria-hidden="true">
            <kbd>{mod}</kbd>
            <kbd>K</kbd>
          </span>
        </button>
      </div>
      <button
        type="button"
        className="link-button"
        onClick={() => model.ui.pushOverlay({ kind: 'shortcuts' })}
      >
        All keyboard shortcuts ({mod} /)
      </button>
    </div>
  );
}
