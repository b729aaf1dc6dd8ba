import type { NotificationChannel, NotificationPrefs, NotificationType } from '../../src-shared/domain.ts';
import { NOTIFICATION_CHANNELS, NOTIFICATION_TYPES } from '../../src-shared/constants.ts';

export const TYPE_LABELS: Record<NotificationType, string> = {
  direct_messages: 'Direct messages',
  playlist_invites: 'Playlist invites',
  new_follower: 'New followers',
  new_uploads: 'New uploads from producers you follow',
};

export const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  email: 'Email',
  desktop: 'Desktop',
  in_app: 'In-app',
};

/** Notification preferences: one checkbox per type and channel. */
export function NotificationPrefsTable({
  prefs,
  onChange,
}: {
  prefs: NotificationPrefs;
  onChange: (prefs: NotificationPrefs) => void;
}) {
  return (
    <table className="prefs-table">
      <caption className="visually-hidden">Notification preferences by type and channel</caption>
      <thead>
        <tr>
          <th scope="col">Notify me about</th>
          {NOTIFICATION_CHANNELS.map((c) => (
            <th key={c} scope="col">
              {CHANNEL_LABELS[c]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {NOTIFICATION_TYPES.map((t) => (
          <tr key={t}>
            <th scope="row">{TYPE_LABELS[t]}</th>
            {NOTIFICATION_CHANNELS.map((c) => (
              <td key={c}>
                <input
                  type="checkbox"
                  className="checkbox"
                  aria-label={`${TYPE_LABELS[t]}: ${CHANNEL_LABELS[c]}`}
                  checked={prefs[t][c]}
                  onChange={(e) => onChange({ ...prefs, [t]: { ...prefs[t], [c]: e.target.checked } })}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
