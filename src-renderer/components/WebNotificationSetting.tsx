import { useModel, useStore } from '../hooks/model-context.ts';
import type { WebNotificationsModel } from '../model/web-notifications-model.ts';

/** Settings, browser mode: whether this browser may show notifications, and the button that asks. */
export function WebNotificationSetting() {
  const model = useModel().webNotifications;
  return model ? <PermissionRow model={model} /> : null;
}

function PermissionRow({ model }: { model: WebNotificationsModel }) {
  const permission = useStore(model.permission);
  const text =
    permission === 'granted'
      ? 'On: new messages show as notifications from this browser.'
      : permission === 'denied'
        ? 'Blocked in this browser. Allow notifications for this page in the browser’s site settings.'
        : permission === 'unsupported'
          ? 'This browser cannot show notifications.'
          : 'Off: this browser has not been allowed to show notifications.';
  return (
    <div className="switch-row" data-testid="web-notification-setting">
      <p className="switch-row__text">
        <span className="switch-row__label">Browser notifications</span>
        <span className="field__hint"> {text}</span>
      </p>
      {permission === 'default' && (
        <button type="button" className="button button--sm" onClick={() => void model.requestPermission()}>
          Allow notifications
        </button>
      )}
    </div>
  );
}
