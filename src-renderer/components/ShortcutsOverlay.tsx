import { detectPlatform, shortcutHelp } from '../lib/shortcuts.ts';
import { Dialog } from './Dialog.tsx';

/** Ctrl/Cmd+/: every shortcut, from the same table the key handler uses. */
export function ShortcutsOverlay() {
  const groups = shortcutHelp(detectPlatform(navigator.userAgent));
  return (
    <Dialog title="Keyboard shortcuts" size="lg" testId="shortcuts">
      {/* Scrolls in a short window: focusable, so the keys can scroll it too. */}
      <div className="shortcuts" tabIndex={0} role="region" aria-label="All shortcuts">
        {groups.map((g) => (
          <section key={g.group} className="shortcuts__group" aria-labelledby={`sc-${g.group}`}>
            <h3 id={`sc-${g.group}`} className="shortcuts__heading">
              {g.group}
            </h3>
            <dl className="shortcuts__list">
              {g.items.map((item) => (
                <div key={item.label} className="shortcuts__row">
                  <dt className="shortcuts__label">{item.label}</dt>
                  <dd className="shortcuts__keys">
                    {item.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
