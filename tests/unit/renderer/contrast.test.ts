import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The delivery-state icons are told apart by shape first, but their colours must still stand out from
 * what they sit on: WCAG 1.4.11 asks 3:1 for graphics. Read from the theme tokens the app really ships.
 */
const css = readFileSync(join(import.meta.dirname, '../../../src-renderer/styles/tokens.css'), 'utf8');

function themeTokens(selector: string): Map<string, string> {
  const start = css.indexOf(selector);
  const block = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return new Map(
    [...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** [icon colour, background] as the CSS pairs them (conversation.css, sidebar.css). */
const PAIRS: [string, string][] = [
  ['bubble-mine-meta', 'bubble-mine'], // sending, sent, delivered in your bubble
  ['seen', 'bubble-mine'],
  ['danger', 'bubble-mine'],
  ['text-faint', 'bg-sidebar'], // the list row
  ['seen', 'bg-sidebar'],
  ['danger', 'bg-sidebar'],
  ['text-faint', 'bg-selected'], // the open conversation's row
  ['seen', 'bg-selected'],
  ['danger', 'bg-selected'],
];

describe('delivery icon colours', () => {
  for (const [theme, selector] of [
    ['dark', ":root[data-theme='dark']"],
    ['light', ":root[data-theme='light']"],
  ] as const) {
    it(`reach 3:1 against their backgrounds (${theme})`, () => {
      const tokens = themeTokens(selector);
      const low = PAIRS.map(([fg, bg]) => {
        const f = tokens.get(fg);
        const b = tokens.get(bg);
        if (!f || !b) throw new Error(`${theme}: missing --${fg} or --${bg}`);
        return { pair: `${fg} on ${bg}`, ratio: Math.round(contrast(f, b) * 100) / 100 };
      }).filter((p) => p.ratio < 3);
      expect(low).toEqual([]);
    });
  }

  for (const [theme, selector] of [
    ['dark', ":root[data-theme='dark']"],
    ['light', ":root[data-theme='light']"],
  ] as const) {
    it(`sender name colours in groups reach 4.5:1 on the pane and are all different (${theme})`, () => {
      const tokens = themeTokens(selector);
      const pane = tokens.get('bg-pane') ?? '';
      const names = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => tokens.get(`name-${i}`) ?? '');
      expect(new Set(names).size).toBe(8);
      expect(names.filter((n) => contrast(n, pane) < 4.5)).toEqual([]);
    });
  }

  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
