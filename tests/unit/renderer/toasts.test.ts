import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UiModel } from '../../../src-renderer/model/ui-model.ts';

describe('toasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('an Undo toast lives 6 s, stays while held (pointer or focus), then lives its full time again', () => {
    const ui = new UiModel();
    ui.toast('Message discarded.', 'info', { label: 'Undo', run: () => undefined });
    const [toast] = ui.toasts.get();
    if (!toast) throw new Error('no toast');
    ui.holdToast(toast.id);
    vi.advanceTimersByTime(60_000);
    expect(ui.toasts.get()).toHaveLength(1);
    ui.releaseToast(toast.id);
    vi.advanceTimersByTime(5_999);
    expect(ui.toasts.get()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ui.toasts.get()).toHaveLength(0);
  });

  it('a plain toast goes after 4 s, an error after 8 s; dismissing one stops its timer', () => {
    const ui = new UiModel();
    ui.toast('Saved.');
    ui.toast('Could not save.', 'error');
    vi.advanceTimersByTime(4_000);
    expect(ui.toasts.get().map((t) => t.text)).toEqual(['Could not save.']);
    const [error] = ui.toasts.get();
    if (!error) throw new Error('no toast');
    ui.dismissToast(error.id);
    ui.releaseToast(error.id);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(ui.toasts.get()).toEqual([]);
  });
});
