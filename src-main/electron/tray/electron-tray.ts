import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { assertNever } from '../../../src-shared/errors.ts';
import type { TrayFactory } from './system-tray-service.ts';
import type { TrayMenuItem } from './tray-model.ts';

/**
 * Loads `<dir>/<name>.png`; Electron picks up the `@1.5x`, `@2x` and `@3x` siblings that
 * `scripts/make-icons.ts` writes, so the icon is sharp at every scale factor.
 */
export function loadIcon(dir: string, name: string): NativeImage {
  return nativeImage.createFromPath(join(dir, `${name}.png`));
}

export function toMenuTemplate(items: readonly TrayMenuItem[]): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'normal':
        return item.click
          ? { id: item.id, label: item.label, enabled: item.enabled, click: item.click }
          : { id: item.id, label: item.label, enabled: item.enabled };
      case 'checkbox':
      case 'radio':
        return { id: item.id, type: item.type, label: item.label, checked: item.checked, click: item.click };
      case 'submenu':
        return { id: item.id, label: item.label, submenu: toMenuTemplate(item.submenu) };
      default:
        return assertNever(item, 'tray menu item');
    }
  });
}

/** The real tray: an Electron `Tray` whose icons come from `iconDir` (resources/tray). */
export function electronTrayFactory(iconDir: string): TrayFactory {
  return ({ iconName, toolTip, onClick }) => {
    const tray = new Tray(loadIcon(iconDir, iconName));
    tray.setToolTip(toolTip);
    tray.on('click', () => onClick());
    return {
      setIcon: (name) => tray.setImage(loadIcon(iconDir, name)),
      setToolTip: (text) => tray.setToolTip(text),
      setMenu: (items) => tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(items))),
      destroy: () => tray.destroy(),
    };
  };
}
