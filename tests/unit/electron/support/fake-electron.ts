/**
 * A stand-in for the `electron` module, just large enough to run the real composition root
 * (src-main/electron/app.ts) in plain Node: the Electron binary cannot run here. Every fake records what
 * it was asked, so the smoke test can check the wiring (window options, guards, IPC, tray, notifications).
 * Loaded only through `vi.mock('electron', …)`; the real module is never imported.
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

export const recorded = {
  windows: [] as FakeBrowserWindow[],
  trays: [] as FakeTray[],
  notifications: [] as FakeNotification[],
  openedExternally: [] as string[],
  badge: [] as number[],
  ipcHandlers: new Map<string, Handler>(),
  shortcuts: new Map<string, Handler>(),
  protocolHandlers: new Map<string, Handler>(),
  privilegedSchemes: [] as unknown[],
  loginItem: [] as unknown[],
  sandboxEnabled: false,
  exitCode: null as number | null,
  permissionRequestHandler: null as Handler | null,
};

let nextId = 1;

class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = { url: '', processId: 10, routingId: 1, parent: null };
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: Handler | null = null;
  readonly session = {
    setPermissionRequestHandler: (handler: Handler) => {
      recorded.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: () => {},
    setDevicePermissionHandler: () => {},
    setDisplayMediaRequestHandler: () => {},
  };
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return false;
  }
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  loadedUrl = '';
  overlay: unknown = null;
  flashing = false;
  readonly options: Record<string, unknown>;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    recorded.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    queueMicrotask(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  isDestroyed = () => false;
  isVisible = () => this.visible;
  isMinimized = () => false;
  isFocused = () => this.focused;
  isMaximized = () => false;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  restore(): void {}
  maximize(): void {}
  flashFrame(on: boolean): void {
    this.flashing = on;
  }
  setOverlayIcon(image: unknown): void {
    this.overlay = image;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 900, height: 600 };
  }
}

export class FakeTray extends EventEmitter {
  image: unknown;
  toolTip = '';
  menu: { template: unknown[] } | null = null;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    recorded.trays.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setContextMenu(menu: { template: unknown[] }): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends EventEmitter {
  shown = false;
  closed = false;
  static isSupported = () => true;
  readonly options: Record<string, unknown>;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    recorded.notifications.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
  }
}

class FakeApp extends EventEmitter {
  readonly isPackaged = false;
  readonly paths = new Map<string, string>();
  setName(): void {}
  setAppUserModelId(): void {}
  enableSandbox(): void {
    recorded.sandboxEnabled = true;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getPath(name: string): string {
    const value = this.paths.get(name);
    if (!value) throw new Error(`no fake path ${name}`);
    return value;
  }
  getAppPath = () => '/fake/app';
  getVersion = () => '0.0.0-test';
  requestSingleInstanceLock = () => true;
  setAsDefaultProtocolClient = () => true;
  whenReady = () => Promise.resolve();
  isReady = () => true;
  setBadgeCount(count: number): boolean {
    recorded.badge.push(count);
    return true;
  }
  setLoginItemSettings(settings: unknown): void {
    recorded.loginItem.push(settings);
  }
  quit(): void {
    this.emit('before-quit');
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    this.emit('will-quit', event);
  }
  exit(code: number): void {
    recorded.exitCode = code;
  }
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;
export const Tray = FakeTray;
export const Notification = FakeNotification;
export const Menu = { buildFromTemplate: (template: unknown[]) => ({ template }) };
export const nativeImage = { createFromPath: (path: string) => ({ path }) };
export const ipcMain = {
  handle: (channel: string, handler: Handler) => void recorded.ipcHandlers.set(channel, handler),
  removeHandler: (channel: string) => void recorded.ipcHandlers.delete(channel),
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => void recorded.privilegedSchemes.push(...schemes),
  handle: (scheme: string, handler: Handler) => void recorded.protocolHandlers.set(scheme, handler),
};
export const session = { defaultSession: { webRequest: { onHeadersReceived: () => {} } } };
const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
export const screen = { getPrimaryDisplay: () => ({ workArea }), getAllDisplays: () => [{ workArea }] };
export const shell = {
  openExternal: (url: string) => (recorded.openedExternally.push(url), Promise.resolve()),
};
export const globalShortcut = {
  register: (accelerator: string, callback: Handler) => (recorded.shortcuts.set(accelerator, callback), true),
  unregister: (accelerator: string) => void recorded.shortcuts.delete(accelerator),
  unregisterAll: () => recorded.shortcuts.clear(),
};
export const powerMonitor = new EventEmitter();
export const net = { isOnline: () => true };
export const safeStorage = {
  isAsyncEncryptionAvailable: () => Promise.resolve(true),
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: (plain: string) => Promise.resolve(Buffer.from(plain, 'utf8').reverse()),
  decryptStringAsync: (data: Buffer) =>
    Promise.resolve({ shouldReEncrypt: false, result: Buffer.from(data).reverse().toString('utf8') }),
};
export const dialog = { showErrorBox: () => {} };

export default {
  app,
  BrowserWindow,
  Tray,
  Notification,
  Menu,
  nativeImage,
  ipcMain,
  protocol,
  session,
  screen,
  shell,
  globalShortcut,
  powerMonitor,
  net,
  safeStorage,
  dialog,
};
