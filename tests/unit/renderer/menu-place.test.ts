import { describe, expect, it } from 'vitest';
import { place } from '../../../src-renderer/lib/menu-place.ts';

const viewport = { width: 360, height: 720 };
const rect = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });

describe('menu placement', () => {
  it('opens a button menu below it, aligned to its right edge, and above when there is no room below', () => {
    expect(place({ rect: rect(300, 10, 336, 46), placement: 'below-end' }, 200, 150, viewport)).toEqual({
      left: 136,
      top: 50,
    });
    expect(place({ rect: rect(300, 650, 336, 686), placement: 'below-end' }, 200, 150, viewport)).toEqual({
      left: 136,
      top: 496,
    });
  });

  it('flips a submenu to the left, and below the item when neither side has room', () => {
    expect(place({ rect: rect(150, 100, 300, 130), placement: 'right-start' }, 120, 200, viewport).left).toBe(
      30,
    );
    expect(place({ rect: rect(10, 100, 230, 130), placement: 'right-start' }, 200, 200, viewport)).toEqual({
      left: 26,
      top: 130,
    });
  });

  it('keeps a context menu at the pointer inside the window', () => {
    expect(place({ rect: rect(350, 700, 350, 700), placement: 'point' }, 200, 300, viewport)).toEqual({
      left: 150,
      top: 400,
    });
  });
});
