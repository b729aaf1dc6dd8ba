import { useState } from 'react';
import type { KeyboardEvent } from 'react';

/** Turns a key press into an Electron accelerator ("CommandOrControl+Shift+B"); null for a lone modifier. */
export function acceleratorFromEvent(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  mac: boolean,
): string | null {
  if (['Control', 'Meta', 'Alt', 'Shift'].includes(e.key)) return null;
  const parts: string[] = [];
  if (mac ? e.metaKey : e.ctrlKey) parts.push('CommandOrControl');
  else if (e.ctrlKey) parts.push('Control');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey) parts.push('Shift');
  if (parts.length === 0) return null;
  const code = e.code;
  let key: string;
  if (/^Key[A-Z]$/.test(code)) key = code.slice(3);
  else if (/^Digit[0-9]$/.test(code)) key = code.slice(5);
  else if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) key = code;
  else if (code === 'Space') key = 'Space';
  else if (e.key.length === 1) key = e.key.toUpperCase();
  else return null;
  return [...parts, key].join('+');
}

/** How an accelerator reads on this platform. */
export function describeAccelerator(accelerator: string, mac: boolean): string {
  return accelerator
    .split('+')
    .map((p) =>
      p === 'CommandOrControl'
        ? mac
          ? '⌘'
          : 'Ctrl'
        : p === 'Alt' && mac
          ? '⌥'
          : p === 'Shift' && mac
            ? '⇧'
            : p,
    )
    .join(mac ? '' : '+');
}

/** The global hotkey setting: focus the field and press the new combination; Backspace clears it. */
export function HotkeyField({
  value,
  mac,
  onChange,
}: {
  value: string | null;
  mac: boolean;
  onChange: (value: string | null) => void;
}) {
  const [recording, setRecording] = useState(false);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!recording) return;
    if (e.key === 'Escape') {
      setRecording(false);
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    if ((e.key === 'Backspace' || e.key === 'Delete') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      onChange(null);
      setRecording(false);
      e.preventDefault();
      return;
    }
    if (e.key === 'Tab') return;
    const accelerator = acceleratorFromEvent(e, mac);
    e.preventDefault();
    e.stopPropagation();
    if (accelerator) {
      onChange(accelerator);
      setRecording(false);
    }
  };
  return (
    <div className="switch-row">
      <div className="switch-row__text">
        <span className="switch-row__label" id="hotkey-label">
          Global hotkey
        </span>
        <p className="field__hint" id="hotkey-hint">
          Shows or hides the messenger from anywhere, with the quick switcher ready.{' '}
          {recording ? 'Press the keys now; Backspace clears, Esc cancels.' : ''}
        </p>
      </div>
      <button
        type="button"
        className={`button hotkey${recording ? ' hotkey--recording' : ''}`}
        aria-labelledby="hotkey-label hotkey-value"
        aria-describedby="hotkey-hint"
        onClick={() => setRecording((r) => !r)}
        onBlur={() => setRecording(false)}
        onKeyDown={onKeyDown}
      >
        <span id="hotkey-value">
          {recording ? 'Press keys…' : value ? describeAccelerator(value, mac) : 'None'}
        </span>
      </button>
    </div>
  );
}
