import { describe, expect, it } from 'vitest';
import { faviconHref, faviconSvg, pageTitle } from '../../../src-renderer/lib/page-badge.ts';

describe('page badge', () => {
  it('puts the unread count in the title, capped at 99+', () => {
    expect(pageTitle(0)).toBe('BeatPass Messenger');
    expect(pageTitle(3)).toBe('(3) BeatPass Messenger');
    expect(pageTitle(250)).toBe('(99+) BeatPass Messenger');
  });

  it('draws the count on the favicon only when there is one', () => {
    expect(faviconSvg(0)).not.toContain('<circle');
    expect(faviconSvg(7)).toContain('>7</text>');
    expect(faviconHref(7).startsWith('data:image/svg+xml,')).toBe(true);
  });
});
