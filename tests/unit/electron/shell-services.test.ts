import { describe, expect, it, vi } from 'vitest';
import { BadgeService, overlayIconName } from '../../../src-main/electron/badge/badge-service.ts';
import type { BadgePorts } from '../../../src-main/electron/badge/badge-service.ts';
import {
  DEFAULT_GLOBAL_HOTKEY,
  parseShellState,
  platformDefaults,
} from '../../../src-main/electron/settings/defaults.ts';
import { forwardConnectivity, ONLINE_POLL_MS } from '../../../src-main/electron/system/connectivity.ts';
import { GlobalHotkey } from '../../../src-main/electron/system/global-hotkey.ts';
import type { ShortcutPorts } from '../../../src-main/electron/system/global-hotkey.ts';
import { autostartEntry, autostartPath } from '../../../src-main/electron/system/login-item.ts';
import {
  restoreBounds,
  WINDOW_MIN_HEIGHT,
  WINDOW_MIN_WIDTH,
} from '../../../src-main/electron/window/window-state.ts';

function badgePorts(platform: NodeJS.Platform, focused = false) {
  const calls = {
    app: [] as number[],
    overlay: [] as (string | null)[],
    flash: [] as boolean[],
  };
  const ports: BadgePorts = {
    platform,
    setAppBadge: (n) => calls.app.push(n),
    setOverlay: (name) => calls.overlay.push(name),
    flashFrame: (on) => calls.flash.push(on),
    isWindowFocused: () => focused,
    shouldFlash: () => true,
  };
  return { ports, calls };
}

describe('badge', () => {
  it('sets the dock / launcher badge on macOS and Linux, the taskbar overlay on Windows', () => {
    const mac = badgePorts('darwin');
    new BadgeService(mac.ports).set(3);
    expect(mac.calls.app).toEqual([3]);
    expect(mac.calls.overlay).toEqual([]);
    const win = badgePorts('win32');
    const service = new BadgeService(win.ports);
    service.set(3);
    service.set(42);
    service.set(0);
    expect(win.calls.overlay).toEqual(['overlay-3', 'overlay-9plus', null]);
    expect(win.calls.app).toEqual([]);
  });

  it('flashes the frame when the count goes up in the background, stops on focus or zero', () => {
    const background = badgePorts('linux', false);
    const service = new BadgeService(background.ports);
    service.set(1);
    service.set(1);
    service.set(0);
    service.set(2);
    service.focused();
    expect(background.calls.flash).toEqual([true, false, true, false]);
    const front = badgePorts('linux', true);
    new BadgeService(front.ports).set(5);
    expect(front.calls.flash).toEqual([]);
  });

  it('names overlays like the generated files', () => {
    expect(overlayIconName(0)).toBeNull();
    expect(overlayIconName(7)).toBe('overlay-7');
    expect(overlayIconName(10)).toBe('overlay-9plus');
  });
});

describe('global hotkey', () => {
  function ports(taken: string[] = []) {
    const registered = new Map<string, () => void>();
    const shortcuts: ShortcutPorts = {
      register: (accelerator, callback) => {
        if (accelerator.includes('Bogus')) throw new Error('Failed to parse accelerator');
        if (taken.includes(accelerator)) return false;
        registered.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator) => void registered.delete(accelerator),
    };
    return { shortcuts, registered };
  }

  it('registers the configured accelerator and swaps it when the setting changes', () => {
    const { shortcuts, registered } = ports();
    const pressed = vi.fn();
    const hotkey = new GlobalHotkey(shortcuts, pressed);
    expect(hotkey.apply(DEFAULT_GLOBAL_HOTKEY)).toEqual({
      state: 'registered',
      accelerator: 'CommandOrControl+Shift+M',
    });
    registered.get(DEFAULT_GLOBAL_HOTKEY)?.();
    expect(pressed).toHaveBeenCalledOnce();
    hotkey.apply('Alt+Shift+B');
    expect([...registered.keys()]).toEqual(['Alt+Shift+B']);
    hotkey.apply(null);
    expect(registered.size).toBe(0);
    expect(hotkey.status).toEqual({ state: 'off' });
  });

  it('reports a taken or invalid accelerator instead of failing', () => {
    const { shortcuts } = ports(['Alt+M']);
    const hotkey = new GlobalHotkey(shortcuts, () => {});
    expect(hotkey.apply('Alt+M')).toEqual({ state: 'failed', accelerator: 'Alt+M', reason: 'taken' });
    expect(hotkey.apply('Bogus+Key')).toEqual({
      state: 'failed',
      accelerator: 'Bogus+Key',
      reason: 'invalid',
    });
  });
});

describe('connectivity signals', () => {
  it('forwards resume, and online / offline only on an edge', () => {
    let resume: () => void = () => {};
    let tick: () => void = () => {};
    let online = true;
    const core = { online: vi.fn(), offline: vi.fn(), resumed: vi.fn() };
    const every = vi.fn((_ms: number, t: () => void) => {
      tick = t;
      return () => {};
    });
    forwardConnectivity({ onResume: (l) => (resume = l), isOnline: () => online, every }, core);
    expect(every).toHaveBeenCalledWith(ONLINE_POLL_MS, expect.any(Function));
    tick();
    online = false;
    tick();
    tick();
    online = true;
    tick();
    tick();
    resume();
    expect(core.online).toHaveBeenCalledOnce();
    expect(core.offline).toHaveBeenCalledOnce();
    expect(core.resumed).toHaveBeenCalledOnce();
  });

  it('says offline at once when the network is already gone at start', () => {
    const core = { online: vi.fn(), offline: vi.fn(), resumed: vi.fn() };
    forwardConnectivity({ onResume: () => {}, isOnline: () => false, every: () => () => {} }, core);
    expect(core.offline).toHaveBeenCalledOnce();
    expect(core.online).not.toHaveBeenCalled();
  });
});

describe('settings defaults', () => {
  it('closes to tray on Windows and Linux, not macOS; the hotkey starts on', () => {
    expect(platformDefaults('win32')).toEqual({
      closeToTray: true,
      globalHotkey: 'CommandOrControl+Shift+M',
    });
    expect(platformDefaults('linux').closeToTray).toBe(true);
    expect(platformDefaults('darwin').closeToTray).toBe(false);
  });

  it('reads shell state leniently', () => {
    expect(parseShellState(null)).toEqual({ windowBounds: null });
    expect(parseShellState({ windowBounds: { x: 'a' } })).toEqual({ windowBounds: null });
  });
});

describe('window bounds', () => {
  const primary = { x: 0, y: 0, width: 1920, height: 1040 };
  const second = { x: 1920, y: 0, width: 1280, height: 1024 };

  it('centres the default size on first run', () => {
    expect(restoreBounds(null, [primary], primary)).toEqual({
      x: 470,
      y: 180,
      width: 980,
      height: 680,
      maximized: false,
    });
  });

  it('restores a window that is still on a display, at least the minimum size', () => {
    const saved = { x: 2000, y: 100, width: 200, height: 300, maximized: true };
    expect(restoreBounds(saved, [primary, second], primary)).toEqual({
      x: 2000,
      y: 100,
      width: WINDOW_MIN_WIDTH,
      height: WINDOW_MIN_HEIGHT,
      maximized: true,
    });
  });

  it('brings back a window saved on a monitor that is gone', () => {
    const saved = { x: 2000, y: 100, width: 800, height: 600, maximized: false };
    expect(restoreBounds(saved, [primary], primary)).toMatchObject({ x: 470, y: 180, width: 980 });
  });
});

describe('Linux autostart entry', () => {
  it('quotes the command and starts hidden', () => {
    expect(autostartPath('/home/u/.config')).toBe('/home/u/.config/autostart/beatpass-messenger.desktop');
    const entry = autostartEntry('/opt/Beat Pass/beatpass', []);
    expect(entry).toContain('Exec="/opt/Beat Pass/beatpass" "--hidden"');
    expect(autostartEntry('/x/$HOME"', [])).toContain('Exec="/x/\\$HOME\\"" "--hidden"');
  });
});
