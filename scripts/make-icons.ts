/**
 * `npm run icons`: renders every icon the desktop shell uses from the SVG sources in `resources/svg/` into
 * `resources/` (scripts/lib/icons.ts): the app icon for electron-builder, the tray icons for each unread
 * count (none, 1–9, 9+) with and without do-not-disturb at each scale factor Electron picks from (`@1.5x`,
 * `@2x`, `@3x`), and the Windows taskbar overlays. Run it after changing a source and commit both;
 * tests/unit/scripts/icons.test.ts fails while the PNGs and the sources disagree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ICON_ROOT, iconFiles, renderIcon } from './lib/icons.ts';

const files = iconFiles();
for (const file of files) {
  const path = join(ICON_ROOT, file.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderIcon(file.svg, file.size).png);
}
console.log(`wrote ${files.length} icons under ${ICON_ROOT}`);
