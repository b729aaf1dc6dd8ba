import { WebNotificationSetting } from './WebNotificationSetting.tsx';
import { BlockedPeople } from './BlockedPeople.tsx';
import { useState } from 'react';
import type { Me, NotificationPrefs } from '../../src-shared/domain.ts';
import type { NotificationPrivacy } from '../../src-shared/ipc.ts';
import type { DoNotDisturbChoice, SettingsPatch } from '../model/settings-model.ts';
import type { Density } from '../model/ui-state.ts';
import { LoadStatus } from './LoadStatus.tsx';
import { MUTE_DURATIONS, NOTIFICATION_PRIVACY, THEMES } from '../../src-shared/constants.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { usePrefs, useSettingsState } from '../hooks/useSettings.ts';
import { useNow } from '../hooks/useNow.ts';
import { useUi } from '../hooks/useUi.ts';
import { isMuteActive } from '../lib/conversation.ts';
import { detectPlatform, ZOOM_LEVELS } from '../lib/shortcuts.ts';
import { formatListTime } from '../lib/time.ts';
import { MUTE_LABELS } from '../lib/mute.ts';
import { Dialog } from './Dialog.tsx';
import { HotkeyField } from './HotkeyField.tsx';
import { NotificationPrefsTable } from './NotificationPrefsTable.tsx';
import { RadioGroup } from './RadioGroup.tsx';
import { Switch } from './Switch.tsx';
import { ErrorNote } from './ErrorNote.tsx';

const PRIVACY_LABELS: Record<NotificationPrivacy, string> = {
  name_and_message: 'Name and message',
  name_only: 'Name only',
  nothing: 'No name or message',
};

const DENSITIES = ['comfortable', 'compact'] as const satisfies readonly Density[];
const DENSITY_LABELS: Record<Density, string> = { comfortable: 'Comfortable', compact: 'Compact' };

const THEME_LABELS: Record<(typeof THEMES)[number], string> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

export function SettingsDialog({ me }: { me: Me }) {
  const model = useModel();
  const settingsState = useSettingsState();
  const settings = settingsState.value;
  const prefsState = usePrefs();
  const prefs = prefsState.value;
  const { zoom, density } = useUi();
  const now = useNow(30_000);
  const [error, setError] = useState<string | null>(null);
  const mac = detectPlatform(navigator.userAgent) === 'mac';

  /** Runs a change; its failure is shown at the top of the dialog. */
  const run = (change: Promise<void>) => {
    setError(null);
    change.catch((e: unknown) => setError(errorMessage(e)));
  };
  const patch = (p: SettingsPatch) => run(model.settings.patch(p));
  const setPrefs = (next: NotificationPrefs) => run(model.settings.setPrefs(next));
  const setDnd = (choice: DoNotDisturbChoice) => run(model.settings.setDoNotDisturb(choice));
  const signOut = () => run(model.session.signOut());

  const dnd = settings?.doNotDisturb ?? null;
  const dndOn = isMuteActive(dnd, now);

  return (
    <Dialog title="Settings" size="lg" testId="settings">
      <div className="settings">
        <ErrorNote error={error} />
        <section className="settings__section" aria-labelledby="settings-notifications">
          <h3 id="settings-notifications" className="settings__heading">
            Notifications
          </h3>
          {prefs && <NotificationPrefsTable prefs={prefs} onChange={setPrefs} />}
          <LoadStatus
            state={prefsState}
            what="preferences"
            onRetry={() => void model.settings.prefs.load()}
          />
        </section>
        <LoadStatus
          state={settingsState}
          what="this computer's settings"
          onRetry={() => void model.settings.local.load()}
        />

        {settings && (
          <>
            <section className="settings__section" aria-labelledby="settings-desktop-notes">
              <h3 id="settings-desktop-notes" className="settings__heading">
                Desktop notifications
              </h3>
              <RadioGroup
                legend="Show in notifications"
                name="privacy"
                options={NOTIFICATION_PRIVACY}
                labels={PRIVACY_LABELS}
                value={settings.notificationPrivacy}
                onChange={(notificationPrivacy) => patch({ notificationPrivacy })}
              />
              <WebNotificationSetting />
              <Switch label="Sound" checked={settings.sound} onChange={(sound) => patch({ sound })} />
              <div className="switch-row">
                <div className="switch-row__text">
                  <label htmlFor="settings-dnd" className="switch-row__label">
                    Do not disturb
                  </label>
                  <p className="field__hint" id="settings-dnd-hint">
                    {dndOn
                      ? dnd?.until
                        ? `On until ${formatListTime(dnd.until, now)}.`
                        : 'On until you turn it off.'
                      : 'Off. Notifications and sounds are on.'}
                  </p>
                </div>
                <select
                  id="settings-dnd"
                  className="select"
                  aria-describedby="settings-dnd-hint"
                  value={dndOn ? 'on' : 'off'}
                  onChange={(e) => setDnd(e.target.value as DoNotDisturbChoice)}
                >
                  <option value="off">Off</option>
                  {dndOn && (
                    <option value="on" disabled>
                      On
                    </option>
                  )}
                  {MUTE_DURATIONS.map((d) => (
                    <option key={d} value={d}>
                      {MUTE_LABELS[d]}
                    </option>
                  ))}
                  <option value="tomorrow">Until tomorrow morning</option>
                </select>
              </div>
            </section>

            <section className="settings__section" aria-labelledby="settings-app">
              <h3 id="settings-app" className="settings__heading">
                App
              </h3>
              <Switch
                label="Close to tray"
                hint="Closing the window keeps the messenger running in the tray."
                checked={settings.closeToTray}
                onChange={(closeToTray) => patch({ closeToTray })}
              />
              <Switch
                label="Start at login"
                checked={settings.startAtLogin}
                onChange={(startAtLogin) => patch({ startAtLogin })}
              />
              <Switch
                label="Start minimized"
                hint="Open in the tray without showing the window."
                checked={settings.startMinimized}
                onChange={(startMinimized) => patch({ startMinimized })}
              />
              <Switch
                label="Flash the taskbar on new messages"
                hint="When a message arrives while the window is in the background."
                checked={settings.flashFrame}
                onChange={(flashFrame) => patch({ flashFrame })}
              />
              <HotkeyField
                value={settings.globalHotkey}
                mac={mac}
                onChange={(globalHotkey) => patch({ globalHotkey })}
              />
            </section>

            <section className="settings__section" aria-labelledby="settings-appearance">
              <h3 id="settings-appearance" className="settings__heading">
                Appearance
              </h3>
              <RadioGroup
                legend="Theme"
                name="theme"
                options={THEMES}
                labels={THEME_LABELS}
                value={settings.theme}
                onChange={(theme) => patch({ theme })}
                inline
              />
              <RadioGroup
                legend="Density"
                name="density"
                options={DENSITIES}
                labels={DENSITY_LABELS}
                value={density}
                onChange={(d) => model.ui.setDensity(d)}
                inline
              />
              <div className="switch-row">
                <div className="switch-row__text">
                  <label htmlFor="settings-zoom" className="switch-row__label">
                    Zoom
                  </label>
                  <p className="field__hint">{mac ? '⌘= / ⌘− / ⌘0' : 'Ctrl+= / Ctrl+− / Ctrl+0'}</p>
                </div>
                <select
                  id="settings-zoom"
                  className="select"
                  value={String(zoom)}
                  onChange={(e) => model.ui.setZoom(Number(e.target.value))}
                >
                  {ZOOM_LEVELS.map((z) => (
                    <option key={z} value={String(z)}>
                      {Math.round(z * 100)}%
                    </option>
                  ))}
                </select>
              </div>
            </section>
          </>
        )}

        <BlockedPeople />

        <section className="settings__section" aria-labelledby="settings-account">
          <h3 id="settings-account" className="settings__heading">
            Account
          </h3>
          <div className="switch-row">
            <p className="switch-row__text">
              Signed in as <strong>{me.displayName}</strong> (@{me.username})
            </p>
            <button type="button" className="button button--danger" onClick={signOut}>
              Sign out
            </button>
          </div>
        </section>
      </div>
    </Dialog>
  );
}
