import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../../../src-shared/bridge.ts';
import type { IpcChannel, IpcResponse } from '../../../src-shared/ipc.ts';
import { ApiClient } from '../../../src-renderer/api/client.ts';
import { ConversationsModel } from '../../../src-renderer/model/conversations-model.ts';
import { PeopleModel } from '../../../src-renderer/model/people-model.ts';
import { UiModel } from '../../../src-renderer/model/ui-model.ts';

/**
 * The conversations model over a bridge whose answers the test releases: `answer(channel)` settles every
 * request of that channel so far with `results[channel]`.
 */
function conversationsOver(results: Partial<Record<IpcChannel, unknown>>) {
  const hub = createEventHub();
  const sent: { channel: IpcChannel; payload: unknown; settle: () => void }[] = [];
  const client = new ApiClient({
    invoke: <C extends IpcChannel>(channel: C, payload: unknown) =>
      new Promise<IpcResponse<C>>((resolve) => {
        const settle = () => resolve({ ok: true, result: results[channel] ?? {} } as IpcResponse<C>);
        sent.push({ channel, payload, settle });
      }),
    on: hub.on,
  });
  const ui = new UiModel();
  const model = new ConversationsModel(client, ui, new PeopleModel(client, ui), { markReadAbout: () => {} });
  const answer = async (channel: IpcChannel) => {
    for (const request of sent.filter((r) => r.channel === channel)) request.settle();
    // Let the awaiting model run.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  const lists = () => sent.filter((r) => r.channel === 'conversations.list').map((r) => r.payload);
  return { model, answer, lists };
}

const page = { conversations: [], nextCursor: null };

describe('the conversation list at start-up', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('takes the first page asked for before the session was known (AppModel.start), once', async () => {
    const { model, answer, lists } = conversationsOver({ 'conversations.list': page });
    model.prefetch();
    expect(lists()).toEqual([{ limit: 60 }]);
    await answer('conversations.list');
    // Nothing is shown until someone is signed in.
    expect(model.list.get().status).toBe('idle');
    await model.reload();
    expect(model.list.get().status).toBe('ready');
    expect(lists()).toEqual([{ limit: 60 }]);
    // Later reloads ask again.
    const again = model.reload();
    await answer('conversations.list');
    await again;
    expect(lists()).toEqual([{ limit: 60 }, { limit: 60 }]);
  });

  it('drops that page when nobody turned out to be signed in', async () => {
    const { model, answer, lists } = conversationsOver({ 'conversations.list': page });
    model.prefetch();
    model.reset();
    const signedIn = model.reload();
    expect(lists()).toEqual([{ limit: 60 }, { limit: 60 }]);
    await answer('conversations.list');
    await signedIn;
    expect(model.list.get().status).toBe('ready');
  });

  it('asks for each later page only after a frame has painted', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    const { model, answer, lists } = conversationsOver({
      'conversations.list': { conversations: [], nextCursor: 'c60' },
    });
    void model.reload();
    await answer('conversations.list');
    expect(model.list.get().status).toBe('ready');
    expect(lists()).toHaveLength(1);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    await vi.waitFor(() => expect(lists()).toHaveLength(2));
    expect(lists()[1]).toEqual({ limit: 200, before: 'c60' });
    // The next page waits for the next frame again.
    await answer('conversations.list');
    expect(lists()).toHaveLength(2);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    await vi.waitFor(() => expect(lists()).toHaveLength(3));
  });

  it("puts the next page off while a conversation is opening, until its cached page's frame", async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    // afterNextPaint resolves in a task after the frame: the test runs those tasks itself, none by time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { model, answer, lists } = conversationsOver({
      'conversations.list': { conversations: [], nextCursor: 'c60' },
      'conversations.open': { conversation: null, messages: [] },
    });
    void model.reload();
    await answer('conversations.list');
    model.open('conv-1');
    // The frame after the first page, and the task after it: no page while the open waits for its answer.
    frames.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(lists()).toHaveLength(1);
    // The cached page is in; the page still waits for the frame that paints it.
    await answer('conversations.open');
    expect(lists()).toHaveLength(1);
    frames.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(lists()).toHaveLength(2);
  });
});
