import { INITIAL_TRAY_STATE, buildTrayMenu, trayIconName, trayToolTip } from './tray-model.ts';
import type { DndChoice, TrayActions, TrayMenuItem, TrayState } from './tray-model.ts';

/** The few things the service needs from a tray icon; Electron's `Tray` behind `electron-tray.ts`, or a fake in tests. */
export interface TrayHandle {
  /** An icon stem from `trayIconName` (the factory resolves it to images for every scale factor). */
  setIcon(iconName: string): void;
  setToolTip(text: string): void;
  setMenu(items: readonly TrayMenuItem[]): void;
  destroy(): void;
}

/** Creates the tray with its first icon; `onClick` is the left click (the menu opens on right click by itself). */
export type TrayFactory = (options: { iconName: string; toolTip: string; onClick: () => void }) => TrayHandle;

/**
 * The tray icon, tooltip and menu, kept in step with the app's state (Signal Desktop's SystemTrayService
 * shape: the native tray is injected, so this is tested with a fake). It only writes to the tray when
 * what it shows actually changed, since some Linux trays flicker on every menu update.
 */
export class SystemTrayService {
  readonly #tray: TrayHandle;
  readonly #actions: TrayActions;
  #state: TrayState = INITIAL_TRAY_STATE;
  /** The timed do-not-disturb choice made in this menu, so the menu can tick it while it lasts. */
  #dndChoice: DndChoice | null = null;
  #shown = { icon: '', toolTip: '', menu: '' };

  constructor(factory: TrayFactory, actions: TrayActions, initial: Partial<TrayState> = {}) {
    this.#actions = {
      ...actions,
      setDoNotDisturb: (choice) => {
        this.#dndChoice = choice;
        actions.setDoNotDisturb(choice);
      },
    };
    this.#state = { ...INITIAL_TRAY_STATE, ...initial };
    const iconName = trayIconName(this.#state.unreadCount, this.#state.doNotDisturb);
    const toolTip = trayToolTip(this.#state);
    this.#tray = factory({ iconName, toolTip, onClick: () => this.#actions.toggleWindow() });
    this.#shown.icon = iconName;
    this.#shown.toolTip = toolTip;
    this.#render();
  }

  get state(): TrayState {
    return this.#state;
  }

  update(patch: Partial<TrayState>): void {
    this.#state = { ...this.#state, ...patch };
    if (!this.#state.doNotDisturb) this.#dndChoice = null;
    this.#render();
  }

  dispose(): void {
    this.#tray.destroy();
  }

  #checkedDnd(): DndChoice | null {
    if (!this.#state.doNotDisturb) return 'off';
    return this.#dndChoice ?? null;
  }

  #render(): void {
    const icon = trayIconName(this.#state.unreadCount, this.#state.doNotDisturb);
    if (icon !== this.#shown.icon) {
      this.#tray.setIcon(icon);
      this.#shown.icon = icon;
    }
    const toolTip = trayToolTip(this.#state);
    if (toolTip !== this.#shown.toolTip) {
      this.#tray.setToolTip(toolTip);
      this.#shown.toolTip = toolTip;
    }
    const menu = buildTrayMenu(this.#state, this.#actions, this.#checkedDnd());
    const signature = JSON.stringify(menu);
    if (signature !== this.#shown.menu) {
      this.#tray.setMenu(menu);
      this.#shown.menu = signature;
    }
  }
}
