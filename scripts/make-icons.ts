/**
 * Draws every icon the desktop shell uses into `resources/` (no network, no image tools): the app icon
 * for electron-builder, the tray icons for each unread count (none, 1–9, 9+) with and without
 * do-not-disturb at each scale factor Electron picks from (`@1.5x`, `@2x`, `@3x`), and the Windows taskbar
 * overlays. Shapes are drawn as coverage functions with 4×4 supersampling and written by a tiny PNG
 * encoder over node:zlib, so the output is the same byte for byte on every run.
 *
 *   npm run icons
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const out = join(root, 'resources');

type Rgba = readonly [number, number, number, number];
/** Coverage of the point (x, y) in unit coordinates (0..1 across the icon): 1 inside, 0 outside. */
type Shape = (x: number, y: number) => boolean;
interface Layer {
  shape: Shape;
  color: Rgba;
}

const PURPLE: Rgba = [124, 77, 255, 255];
const PURPLE_DARK: Rgba = [84, 46, 200, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const RED: Rgba = [229, 57, 53, 255];
const GREY: Rgba = [84, 90, 104, 255];

// ───────────── shapes ─────────────

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const rect =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x < x1 && y >= y0 && y < y1;
function roundRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };
}
const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);
const triangle =
  (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape =>
  (x, y) => {
    const s1 = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    const s2 = (cx - bx) * (y - by) - (cy - by) * (x - bx);
    const s3 = (ax - cx) * (y - cy) - (ay - cy) * (x - cx);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };

/** 3×5 pixel glyphs: enough for counts and "+". */
const GLYPHS: Record<string, string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

/** Text centred on (cx, cy), `height` tall, from the pixel glyphs above. */
function text(label: string, cx: number, cy: number, height: number): Shape {
  const cell = height / 5;
  const gap = cell * 0.6;
  const width = label.length * 3 * cell + (label.length - 1) * gap;
  const left = cx - width / 2;
  const top = cy - height / 2;
  const cells: Shape[] = [];
  [...label].forEach((char, index) => {
    const glyph = GLYPHS[char];
    if (!glyph) throw new Error(`no glyph for ${char}`);
    const gx = left + index * (3 * cell + gap);
    glyph.forEach((row, ry) => {
      [...row].forEach((bit, rx) => {
        if (bit === '#')
          cells.push(rect(gx + rx * cell, top + ry * cell, gx + (rx + 1) * cell, top + (ry + 1) * cell));
      });
    });
  });
  return union(...cells);
}

/** The mark: a speech bubble holding three equaliser bars (messages for people who make beats). */
function bubble(x0: number, y0: number, x1: number, y1: number): Shape {
  const w = x1 - x0;
  const h = y1 - y0;
  const body = roundRect(x0, y0, x1, y0 + h * 0.78, w * 0.22);
  const tail = triangle(x0 + w * 0.2, y0 + h * 0.7, x0 + w * 0.45, y0 + h * 0.7, x0 + w * 0.16, y1);
  return union(body, tail);
}
function bars(x0: number, y0: number, x1: number, y1: number): Shape {
  const w = x1 - x0;
  const h = y1 - y0;
  const bw = w * 0.16;
  const heights = [0.5, 0.9, 0.65];
  return union(
    ...heights.map((fraction, i) => {
      const bx = x0 + w * (0.17 + i * 0.25);
      const top = y0 + h * (0.5 - fraction / 2);
      return roundRect(bx, top, bx + bw, top + h * fraction, bw / 2);
    }),
  );
}

// ───────────── raster + PNG ─────────────

function render(size: number, layers: readonly Layer[]): Buffer {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          // Composite the layers bottom to top ("over"), in premultiplied alpha.
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const layer of layers) {
            if (!layer.shape(x, y)) continue;
            const la = layer.color[3] / 255;
            cr = layer.color[0] * la + cr * (1 - la);
            cg = layer.color[1] * la + cg * (1 - la);
            cb = layer.color[2] * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const n = samples * samples;
      const offset = (py * size + px) * 4;
      const alpha = a / n;
      pixels[offset] = alpha > 0 ? Math.round(r / n / alpha) : 0;
      pixels[offset + 1] = alpha > 0 ? Math.round(g / n / alpha) : 0;
      pixels[offset + 2] = alpha > 0 ? Math.round(b / n / alpha) : 0;
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size, size, pixels);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA, 8 bits per channel, no filtering: small icons compress well enough. */
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function write(path: string, png: Buffer): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, png);
}

// ───────────── the icons ─────────────

function appIconLayers(): Layer[] {
  return [
    { shape: roundRect(0.04, 0.04, 0.96, 0.96, 0.22), color: PURPLE_DARK },
    { shape: roundRect(0.04, 0.04, 0.96, 0.9, 0.22), color: PURPLE },
    { shape: bubble(0.2, 0.22, 0.8, 0.8), color: WHITE },
    { shape: bars(0.2, 0.25, 0.8, 0.62), color: PURPLE },
  ];
}

/** The tray mark fills the icon; a count badge sits top right, the do-not-disturb sign bottom right. */
function trayLayers(label: string | null, dnd: boolean): Layer[] {
  const layers: Layer[] = [
    { shape: bubble(0.04, 0.06, 0.96, 0.98), color: dnd ? GREY : PURPLE },
    { shape: bars(0.04, 0.1, 0.96, 0.68), color: WHITE },
  ];
  if (dnd) {
    // A "no entry" sign: grey disc in a white ring, white bar across.
    layers.push({ shape: minus(circle(0.74, 0.74, 0.26), circle(0.74, 0.74, 0.21)), color: WHITE });
    layers.push({ shape: circle(0.74, 0.74, 0.21), color: GREY });
    layers.push({ shape: rect(0.62, 0.71, 0.86, 0.78), color: WHITE });
  }
  if (label !== null) {
    const wide = label.length > 1;
    const badge = wide ? roundRect(0.3, 0, 1, 0.56, 0.28) : circle(0.72, 0.28, 0.28);
    layers.push({ shape: badge, color: RED });
    layers.push({ shape: text(label, wide ? 0.65 : 0.72, 0.28, 0.32), color: WHITE });
  }
  return layers;
}

function overlayLayers(label: string): Layer[] {
  return [
    { shape: circle(0.5, 0.5, 0.5), color: RED },
    { shape: text(label, 0.5, 0.5, label.length > 1 ? 0.42 : 0.56), color: WHITE },
  ];
}

const SCALES: readonly (readonly [string, number])[] = [
  ['', 1],
  ['@1.5x', 1.5],
  ['@2x', 2],
  ['@3x', 3],
];
const TRAY_SIZE = 16;
const LABELS: readonly (string | null)[] = [null, '1', '2', '3', '4', '5', '6', '7', '8', '9', '9+'];
const stem = (label: string | null) => (label === null ? 'none' : label === '9+' ? '9plus' : label);

let files = 0;
write(join(out, 'icon.png'), render(1024, appIconLayers()));
files++;
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  write(join(out, 'icons', `${size}x${size}.png`), render(size, appIconLayers()));
  files++;
}
for (const dnd of [false, true]) {
  for (const label of LABELS) {
    for (const [suffix, scale] of SCALES) {
      const name = `tray-${dnd ? 'dnd-' : ''}${stem(label)}${suffix}.png`;
      write(join(out, 'tray', name), render(Math.round(TRAY_SIZE * scale), trayLayers(label, dnd)));
      files++;
    }
  }
}
for (const label of LABELS) {
  if (label === null) continue;
  for (const [suffix, scale] of SCALES) {
    write(
      join(out, 'overlay', `overlay-${stem(label)}${suffix}.png`),
      render(Math.round(16 * scale), overlayLayers(label)),
    );
    files++;
  }
}
console.log(`wrote ${files} icons under ${out}`);
