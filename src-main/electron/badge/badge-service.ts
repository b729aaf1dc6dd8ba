import { badgeLabel } from '../tray/tray-model.ts';

/**
 * The platform hooks for the unread count: `app.ts` passes Electron's (`app.setBadgeCount`, the window's
 * overlay and frame flash), tests pass fakes. The tray shows the count through its own binding
 * (`tray/tray-binding.ts`), from the same `badge.changed` event.
 */
export interface BadgePorts {
  platform: NodeJS.Platform;
  /** Dock (macOS) or launcher (Linux Unity) badge. */
  setAppBadge(count: number): void;
  /** Windows taskbar overlay: an icon stem from `overlayIconName`, or null to clear it. */
  setOverlay(iconName: string | null, description: string): void;
  flashFrame(on: boolean): void;
  isWindowFocused(): boolean;
  /** The "flash the window frame on new messages" setting, and whether do-not-disturb is on. */
  shouldFlash(): boolean;
}

/** Overlay stem in `resources/overlay/` (made by scripts/make-icons.ts), or null for no overlay. */
export function overlayIconName(count: number): string | null {
  const label = badgeLabel(count);
  if (label === null) return null;
  return `overlay-${label === '9+' ? '9plus' : label}`;
}

/**
 * The unread count on the dock / taskbar, and a frame flash when it goes up while the
 * window is in the background (a new message arrived). Focusing the window stops the flash.
 */
export class BadgeService {
  readonly #ports: BadgePorts;
  #count = 0;

  constructor(ports: BadgePorts) {
    this.#ports = ports;
  }

  get count(): number {
    return this.#count;
  }

  set(count: number): void {
    const previous = this.#count;
    this.#count = count;
    if (this.#ports.platform === 'win32') {
      const name = overlayIconName(count);
      this.#ports.setOverlay(name, name === null ? '' : `${count} unread`);
    } else {
      this.#ports.setAppBadge(count);
    }
    if (count > previous && !this.#ports.isWindowFocused() && this.#ports.shouldFlash())
      this.#ports.flashFrame(true);
    if (count === 0) this.#ports.flashFrame(false);
  }

  focused(): void {
    this.#ports.flashFrame(false);
  }
}
