import { useState } from 'react';
import { useModel, useStore } from '../hooks/model-context.ts';
import type { WebNotificationsModel } from '../model/web-notifications-model.ts';

const DISMISSED_KEY = 'beatpass.webNotificationPrompt.dismissed';

/**
 * Browser mode: a one-line offer to turn on notifications, shown the first time the core wanted to notify
 * while the browser had not been asked (so it comes when it means something, not on every page load).
 * "Not now" hides it in this browser; Settings keeps the button.
 */
export function WebNotificationPrompt() {
  const model = useModel().webNotifications;
  return model ? <Prompt model={model} /> : null;
}

function Prompt({ model }: { model: WebNotificationsModel }) {
  const permission = useStore(model.permission);
  const missed = useStore(model.missed);
  const [dismissed, setDismissed] = useState(() => readDismissed());
  if (permission !== 'default' || !missed || dismissed) return null;
  return (
    <div
      className="banner banner--info"
      role="region"
      aria-label="Notifications"
      data-testid="web-notification-prompt"
    >
      <span>A message arrived while this tab was in the background. Get notified next time?</span>
      <button type="button" className="button button--sm" onClick={() => void model.requestPermission()}>
        Turn on notifications
      </button>
      <button
        type="button"
        className="button button--sm button--ghost"
        onClick={() => {
          setDismissed(true);
          try {
            localStorage.setItem(DISMISSED_KEY, '1');
          } catch (error) {
            console.warn('could not remember the dismissed notification prompt', error);
          }
        }}
      >
        Not now
      </button>
    </div>
  );
}

function readDismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    // Storage can be off in a browser; then the prompt shows again next time, which is harmless.
    return false;
  }
}
