/** Electron's `globalShortcut`, or a fake in tests. */
export interface ShortcutPorts {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export type HotkeyStatus =
  | { state: 'off' }
  | { state: 'registered'; accelerator: string }
  | { state: 'failed'; accelerator: string; reason: 'taken' | 'invalid' };

/**
 * The configurable global hotkey (settings `globalHotkey`): one accelerator at a time, swapped when the
 * setting changes. Registration fails when another app holds the keys ("taken") or the accelerator does
 * not parse ("invalid"); the app keeps running either way and reports the status.
 */
export class GlobalHotkey {
  readonly #ports: ShortcutPorts;
  readonly #pressed: () => void;
  #current: string | null = null;
  #status: HotkeyStatus = { state: 'off' };

  constructor(ports: ShortcutPorts, pressed: () => void) {
    this.#ports = ports;
    this.#pressed = pressed;
  }

  get status(): HotkeyStatus {
    return this.#status;
  }

  apply(accelerator: string | null): HotkeyStatus {
    const wanted = accelerator?.trim() || null;
    if (wanted === this.#current && this.#status.state === 'registered') return this.#status;
    this.dispose();
    if (wanted === null) return this.#status;
    let registered: boolean;
    try {
      registered = this.#ports.register(wanted, () => this.#pressed());
    } catch {
      this.#status = { state: 'failed', accelerator: wanted, reason: 'invalid' };
      return this.#status;
    }
    if (!registered) {
      this.#status = { state: 'failed', accelerator: wanted, reason: 'taken' };
      return this.#status;
    }
    this.#current = wanted;
    this.#status = { state: 'registered', accelerator: wanted };
    return this.#status;
  }

  dispose(): void {
    if (this.#current !== null) this.#ports.unregister(this.#current);
    this.#current = null;
    this.#status = { state: 'off' };
  }
}
