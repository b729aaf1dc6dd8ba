import type { Feedback, ToastAction } from './feedback.ts';
import { Store } from './store.ts';
import type { Density, Overlay, Toast, UiState } from './ui-state.ts';

const ZOOM_KEY = 'beatpass.zoom';
const DENSITY_KEY = 'beatpass.density';
const TOAST_MS = { info: 4000, error: 8000, action: 6000 } as const;

/** Zoom and density are about this window on this machine, so they live in the page's storage. */
function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    // Storage can be unavailable (a locked-down browser profile): the defaults are fine.
    return null;
  }
}

function readZoom(): number {
  const value = Number(readStored(ZOOM_KEY));
  return Number.isFinite(value) && value >= 0.5 && value <= 3 ? value : 1;
}

function readDensity(): Density {
  return readStored(DENSITY_KEY) === 'compact' ? 'compact' : 'comfortable';
}

/**
 * What is on screen apart from data: the overlay stack, the open conversation, the recent list, a jump
 * target, the composer focus request, zoom, and toasts. A leaf: it calls nothing and needs no other area.
 */
export class UiModel implements Feedback {
  readonly state = new Store<UiState>({
    activeId: null,
    overlays: [],
    recent: [],
    recentCursor: null,
    jump: null,
    composerFocus: 0,
    composerInsert: null,
    listFocusPending: false,
    zoom: readZoom(),
    density: readDensity(),
  });
  readonly toasts = new Store<readonly Toast[]>([]);
  #toastId = 0;
  /** How long each shown toast lives, and its running timer (none while held). */
  readonly #toastLifetimes = new Map<number, number>();
  readonly #toastTimers = new Map<number, ReturnType<typeof setTimeout>>();
  #jumpNonce = 0;

  get activeId(): string | null {
    return this.state.get().activeId;
  }

  pushOverlay(overlay: Overlay): void {
    this.state.set((u) => ({
      ...u,
      overlays: [...u.overlays.filter((o) => o.kind !== overlay.kind || !singleton(o)), overlay],
    }));
  }

  /** Opens an overlay, or closes it when it is already the top one (toggle shortcuts). */
  toggleOverlay(overlay: Overlay): void {
    const top = this.state.get().overlays.at(-1);
    if (top?.kind === overlay.kind) this.popOverlay();
    else this.pushOverlay(overlay);
  }

  popOverlay(): void {
    this.state.set((u) => ({ ...u, overlays: u.overlays.slice(0, -1) }));
  }

  closeOverlays(): void {
    this.state.set((u) => ({ ...u, overlays: [] }));
  }

  focusComposer(): void {
    this.state.set((u) => ({ ...u, composerFocus: u.composerFocus + 1 }));
  }

  /** Puts text into a conversation's composer and focuses it (Edit on a failed message). */
  insertIntoComposer(conversationId: string, text: string): void {
    this.state.set((u) => ({
      ...u,
      composerInsert: { conversationId, text, nonce: (u.composerInsert?.nonce ?? 0) + 1 },
      composerFocus: u.composerFocus + 1,
    }));
  }

  /** The composer took the text: forget it, so it is not put in twice. */
  composerInsertTaken(nonce: number): void {
    this.state.set((u) => (u.composerInsert?.nonce === nonce ? { ...u, composerInsert: null } : u));
  }

  /**
   * Where focus goes when nothing has it: the open conversation's composer, else the conversation list
   * (a dialog closing with nothing to give focus back to, docs/renderer.md "Focus rules").
   */
  focusHome(): void {
    if (this.activeId) this.focusComposer();
    else this.focusList();
  }

  focusList(): void {
    this.state.set((u) => ({ ...u, listFocusPending: true }));
  }

  /** The list took focus (see `focusList`). */
  listFocused(): void {
    if (this.state.get().listFocusPending) this.state.set((u) => ({ ...u, listFocusPending: false }));
  }

  jumpTo(conversationId: string, clientId: string): void {
    this.#jumpNonce += 1;
    this.state.set((u) => ({ ...u, jump: { conversationId, clientId, nonce: this.#jumpNonce } }));
  }

  setZoom(zoom: number): void {
    this.#remember(ZOOM_KEY, String(zoom));
    this.state.set((u) => ({ ...u, zoom }));
  }

  setDensity(density: Density): void {
    this.#remember(DENSITY_KEY, density);
    this.state.set((u) => ({ ...u, density }));
  }

  #remember(key: string, value: string): void {
    try {
      globalThis.localStorage?.setItem(key, value);
    } catch (error) {
      // It still applies to this window; it just is not remembered.
      this.log(`remembering ${key}`, error);
    }
  }

  /** Forgets everything that belonged to the signed-in person. */
  reset(): void {
    this.state.set((u) => ({
      ...u,
      activeId: null,
      overlays: [],
      recent: [],
      recentCursor: null,
      jump: null,
      composerInsert: null,
    }));
  }

  toast(text: string, tone: Toast['tone'] = 'info', action?: ToastAction): void {
    const id = ++this.#toastId;
    this.toasts.set((t) => [...t.slice(-2), { id, text, tone, action: action ?? null }]);
    this.#toastLifetimes.set(id, action ? TOAST_MS.action : TOAST_MS[tone]);
    this.#startToastTimer(id);
  }

  /**
   * The pointer or focus is on a toast: it stays until they leave (WCAG 2.2.1, and an Undo must not vanish
   * under the hand reaching for it).
   */
  holdToast(id: number): void {
    clearTimeout(this.#toastTimers.get(id));
    this.#toastTimers.delete(id);
  }

  /** The pointer and focus left a held toast: it lives its full time again from now. */
  releaseToast(id: number): void {
    if (this.#toastLifetimes.has(id) && !this.#toastTimers.has(id)) this.#startToastTimer(id);
  }

  dismissToast(id: number): void {
    this.holdToast(id);
    this.#toastLifetimes.delete(id);
    this.toasts.set((t) => t.filter((x) => x.id !== id));
  }

  #startToastTimer(id: number): void {
    const lifetime = this.#toastLifetimes.get(id);
    if (lifetime === undefined) return;
    this.#toastTimers.set(
      id,
      setTimeout(() => this.dismissToast(id), lifetime),
    );
  }

  log(context: string, error: unknown): void {
    console.warn(`BeatPass: ${context} failed`, error);
  }
}

function singleton(overlay: Overlay): boolean {
  return overlay.kind !== 'user' && overlay.kind !== 'producer' && overlay.kind !== 'people';
}
