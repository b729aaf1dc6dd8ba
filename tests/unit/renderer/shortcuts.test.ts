import { describe, expect, it } from 'vitest';
import {
  detectPlatform,
  matchShortcut,
  nextZoom,
  shortcutHelp,
} from '../../../src-renderer/lib/shortcuts.ts';
import type { KeyChord } from '../../../src-renderer/lib/shortcuts.ts';

const key = (k: string, mods: Partial<KeyChord> = {}): KeyChord => ({
  key: k,
  code: mods.code ?? '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('matchShortcut', () => {
  it('maps Ctrl on Windows/Linux and Cmd on macOS', () => {
    expect(matchShortcut(key('k', { ctrlKey: true }), 'other')).toEqual({ type: 'quickSwitcher' });
    expect(matchShortcut(key('k', { metaKey: true }), 'mac')).toEqual({ type: 'quickSwitcher' });
    expect(matchShortcut(key('k', { metaKey: true }), 'other')).toBeNull();
    expect(matchShortcut(key('k', { ctrlKey: true }), 'mac')).toBeNull();
  });

  it('covers every action in the issue', () => {
    const c = { ctrlKey: true };
    expect(matchShortcut(key('n', c), 'other')).toEqual({ type: 'newMessage' });
    expect(matchShortcut(key('f', c), 'other')).toEqual({ type: 'search' });
    expect(matchShortcut(key('/', { ...c, code: 'Slash' }), 'other')).toEqual({ type: 'shortcuts' });
    expect(matchShortcut(key('Escape'), 'other')).toEqual({ type: 'escape' });
    expect(matchShortcut(key('ArrowUp', { altKey: true }), 'other')).toEqual({ type: 'prevConversation' });
    expect(matchShortcut(key('ArrowDown', { altKey: true }), 'other')).toEqual({ type: 'nextConversation' });
    expect(matchShortcut(key('ArrowUp', { altKey: true, shiftKey: true }), 'other')).toEqual({
      type: 'prevUnread',
    });
    expect(matchShortcut(key('ArrowDown', { altKey: true, shiftKey: true }), 'other')).toEqual({
      type: 'nextUnread',
    });
    expect(matchShortcut(key('Tab', c), 'other')).toEqual({ type: 'recentForward' });
    expect(matchShortcut(key('Tab', { ...c, shiftKey: true }), 'other')).toEqual({ type: 'recentBack' });
    expect(matchShortcut(key('=', c), 'other')).toEqual({ type: 'zoomIn' });
    expect(matchShortcut(key('-', c), 'other')).toEqual({ type: 'zoomOut' });
    expect(matchShortcut(key('0', c), 'other')).toEqual({ type: 'zoomReset' });
  });

  it('uses Ctrl+Tab on macOS too, like browsers', () => {
    expect(matchShortcut(key('Tab', { ctrlKey: true }), 'mac')).toEqual({ type: 'recentForward' });
  });

  it('maps Ctrl+1…9 by physical key, and not 0', () => {
    for (let n = 1; n <= 9; n++) {
      expect(matchShortcut(key(String(n), { ctrlKey: true, code: `Digit${n}` }), 'other')).toEqual({
        type: 'nthConversation',
        n,
      });
    }
    // AZERTY: the key produces "&" but the physical key is Digit1.
    expect(matchShortcut(key('&', { ctrlKey: true, code: 'Digit1' }), 'other')).toEqual({
      type: 'nthConversation',
      n: 1,
    });
  });

  it('ignores plain typing, Alt+letters and chords with both modifiers', () => {
    expect(matchShortcut(key('k'), 'other')).toBeNull();
    expect(matchShortcut(key('k', { altKey: true }), 'other')).toBeNull();
    expect(matchShortcut(key('k', { ctrlKey: true, metaKey: true }), 'other')).toBeNull();
    expect(matchShortcut(key('ArrowUp'), 'other')).toBeNull();
    expect(matchShortcut(key('Escape', { ctrlKey: true }), 'other')).toBeNull();
    expect(matchShortcut(key('ArrowUp', { altKey: true, ctrlKey: true }), 'other')).toBeNull();
  });
});

describe('shortcut help and zoom', () => {
  it('lists each shortcut once, with platform key names', () => {
    const mac = shortcutHelp('mac').flatMap((g) => g.items);
    const other = shortcutHelp('other').flatMap((g) => g.items);
    expect(mac.length).toBe(other.length);
    expect(new Set(other.map((i) => i.label)).size).toBe(other.length);
    expect(mac.find((i) => i.label === 'Quick switcher')?.keys).toEqual(['⌘', 'K']);
    expect(other.find((i) => i.label === 'Quick switcher')?.keys).toEqual(['Ctrl', 'K']);
  });

  it('detects the platform from the user agent', () => {
    expect(detectPlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe('mac');
    expect(detectPlatform('Mozilla/5.0 (X11; Linux x86_64)')).toBe('other');
  });

  it('steps through zoom levels and clamps at the ends', () => {
    expect(nextZoom(1, 'zoomIn')).toBe(1.1);
    expect(nextZoom(1, 'zoomOut')).toBe(0.9);
    expect(nextZoom(1.5, 'zoomReset')).toBe(1);
    expect(nextZoom(2, 'zoomIn')).toBe(2);
    expect(nextZoom(0.8, 'zoomOut')).toBe(0.8);
  });
});
