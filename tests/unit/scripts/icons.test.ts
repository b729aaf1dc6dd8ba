import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overlayIconName } from '../../../src-main/electron/badge/badge-service.ts';
import { trayIconName } from '../../../src-main/electron/tray/tray-model.ts';
import { ICON_ROOT, SCALES, iconFiles, renderIcon, traySvg } from '../../../scripts/lib/icons.ts';
import type { Rendered } from '../../../scripts/lib/icons.ts';

/** The RGBA of pixel (x, y), x and y as fractions of the icon's width. */
function pixel(image: Rendered, fx: number, fy: number): [number, number, number, number] {
  const x = Math.min(image.width - 1, Math.floor(fx * image.width));
  const y = Math.min(image.height - 1, Math.floor(fy * image.height));
  const i = (y * image.width + x) * 4;
  return [
    image.pixels[i] ?? -1,
    image.pixels[i + 1] ?? -1,
    image.pixels[i + 2] ?? -1,
    image.pixels[i + 3] ?? -1,
  ];
}

describe('icons rendered from resources/svg', () => {
  it('draws the tray mark, the count badge and its digit where they belong', () => {
    const image = renderIcon(traySvg('3', false), 48);
    expect([image.width, image.height]).toEqual([48, 48]);
    expect(image.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pixel(image, 0.02, 0.02)[3]).toBe(0); // transparent corner
    expect(pixel(image, 0.15, 0.6)).toEqual([124, 77, 255, 255]); // the purple bubble
    expect(pixel(image, 0.5, 0.5)).toEqual([255, 255, 255, 255]); // the middle bar
    expect(pixel(image, 0.53, 0.28)).toEqual([229, 57, 53, 255]); // the red badge, left of its digit
    expect(pixel(image, 0.69, 0.15)).toEqual([255, 255, 255, 255]); // the 3's top stroke
  });

  it('gives every count its own picture', () => {
    const rendered = new Set(
      ['1', '2', '9', '9+', null].map((n) => renderIcon(traySvg(n, false), 32).png.toString('base64')),
    );
    expect(rendered.size).toBe(5);
  });

  it('has a file for every name the tray and the taskbar ask for, at every scale', () => {
    const paths = new Set(iconFiles().map((f) => f.path));
    for (const count of [0, 1, 5, 9, 10, 250]) {
      for (const dnd of [false, true]) {
        for (const [suffix] of SCALES)
          expect(paths).toContain(`tray/${trayIconName(count, dnd)}${suffix}.png`);
      }
      const overlay = overlayIconName(count);
      if (overlay !== null)
        for (const [suffix] of SCALES) expect(paths).toContain(`overlay/${overlay}${suffix}.png`);
    }
  });

  it('matches the committed PNGs: after changing a source, run npm run icons', () => {
    const stale = iconFiles()
      .filter((file) => !renderIcon(file.svg, file.size).png.equals(readFileSync(join(ICON_ROOT, file.path))))
      .map((file) => file.path);
    expect(stale).toEqual([]);
  });
});
