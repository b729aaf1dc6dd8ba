/**
 * Every icon the desktop shell uses, as SVG built from the sources in `resources/svg/`, and its rendering
 * to PNG with resvg (a maintained SVG renderer with prebuilt binaries). A designer edits the SVG sources
 * and runs `npm run icons`; the count badges are composed here from the tray mark, the badge shape and the
 * characters in `digits.svg`, since there is one per count.
 *
 * Every source has the viewBox 0 0 100 100, so composing is stacking their contents in one such SVG.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

export const ICON_ROOT = join(import.meta.dirname, '..', '..', 'resources');
const SOURCES = join(ICON_ROOT, 'svg');

/** The drawing inside a source file: what lies between its outer <svg> tags. */
function contentOf(name: string): string {
  const text = readFileSync(join(SOURCES, `${name}.svg`), 'utf8');
  const start = text.indexOf('>', text.indexOf('<svg')) + 1;
  const end = text.lastIndexOf('</svg>');
  if (start <= 0 || end < start) throw new Error(`resources/svg/${name}.svg is not an <svg> document`);
  return text.slice(start, end);
}

function svg(...parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">${parts.join('')}</svg>`;
}

/** `label` ("3", "9+") in white, `height` tall, centred on (cx, cy), from the symbols of digits.svg. */
function label(text: string, cx: number, cy: number, height: number): string {
  const cell = height / 5;
  const gap = cell * 0.6;
  const width = text.length * 3 * cell + (text.length - 1) * gap;
  const left = cx - width / 2;
  const top = cy - height / 2;
  return [...text]
    .map((char, i) => {
      const id = char === '+' ? 'char-plus' : `char-${char}`;
      const x = left + i * (3 * cell + gap);
      return `<use xlink:href="#${id}" x="${x}" y="${top}" width="${3 * cell}" height="${height}" fill="#ffffff"/>`;
    })
    .join('');
}

/** Counts a badge can show: none, 1 to 9, and 9+ for anything more. */
export const BADGE_LABELS: readonly (string | null)[] = [
  null,
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '9+',
];
/** Electron picks the file for the display's scale factor from these suffixes. */
export const SCALES: readonly (readonly [string, number])[] = [
  ['', 1],
  ['@1.5x', 1.5],
  ['@2x', 2],
  ['@3x', 3],
];
const TRAY_SIZE = 16;
const stem = (text: string | null) => (text === null ? 'none' : text === '9+' ? '9plus' : text);

export function appIconSvg(): string {
  return svg(contentOf('app'));
}

/** The tray icon: the mark (grey with a sign in do-not-disturb), and a count badge when there is one. */
export function traySvg(count: string | null, doNotDisturb: boolean): string {
  const parts = [contentOf(doNotDisturb ? 'tray-dnd' : 'tray')];
  if (count !== null) {
    const wide = count.length > 1;
    parts.unshift(contentOf('digits'));
    parts.push(contentOf(wide ? 'badge-wide' : 'badge'), label(count, wide ? 65 : 72, 28, 32));
  }
  return svg(...parts);
}

export function overlaySvg(count: string): string {
  return svg(contentOf('digits'), contentOf('overlay'), label(count, 50, 50, count.length > 1 ? 42 : 56));
}

export interface IconFile {
  /** Path under resources/. */
  path: string;
  size: number;
  svg: string;
}

/** Every PNG under resources/ with the SVG it is rendered from. */
export function iconFiles(): IconFile[] {
  const files: IconFile[] = [{ path: 'icon.png', size: 1024, svg: appIconSvg() }];
  for (const size of [16, 32, 48, 64, 128, 256, 512])
    files.push({ path: `icons/${size}x${size}.png`, size, svg: appIconSvg() });
  for (const dnd of [false, true]) {
    for (const count of BADGE_LABELS) {
      for (const [suffix, scale] of SCALES) {
        files.push({
          path: `tray/tray-${dnd ? 'dnd-' : ''}${stem(count)}${suffix}.png`,
          size: Math.round(TRAY_SIZE * scale),
          svg: traySvg(count, dnd),
        });
      }
    }
  }
  for (const count of BADGE_LABELS) {
    if (count === null) continue;
    for (const [suffix, scale] of SCALES) {
      files.push({
        path: `overlay/overlay-${stem(count)}${suffix}.png`,
        size: Math.round(16 * scale),
        svg: overlaySvg(count),
      });
    }
  }
  return files;
}

export interface Rendered {
  png: Buffer;
  width: number;
  height: number;
  /** RGBA, row by row. */
  pixels: Buffer;
}

/** Renders an SVG square `size` pixels wide. No system fonts: the icons draw their own characters. */
export function renderIcon(source: string, size: number): Rendered {
  const image = new Resvg(source, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}
