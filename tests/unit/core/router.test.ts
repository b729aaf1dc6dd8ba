import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/core/clock.ts';
import { createCore } from '../../../src-main/core/core.ts';
import type { Core } from '../../../src-main/core/core.ts';
import { createRouter } from '../../../src-main/core/router.ts';
import type { Router } from '../../../src-main/core/router.ts';
import { ConfSettingsStore } from '../../../src-main/core/settings/conf-settings-store.ts';
import { parseStoredSettings } from '../../../src-main/core/settings/settings-store.ts';
import { RecordingShell } from '../../../src-main/core/shell.ts';
import { IPC_CHANNELS } from '../../../src-shared/ipc.ts';
import type { IpcResponse } from '../../../src-shared/ipc.ts';
import { conversationFixture, T0 } from './fixtures.ts';

let dir: string;
let core: Core;
let router: Router;
const clock = new ManualClock(T0);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'router-test-'));
  // No server: everything here is answered by the core itself, or refused because nobody is signed in.
  core = createCore({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', shell: new RecordingShell(), clock });
  router = createRouter(core);
});
afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

const errorOf = (response: IpcResponse) => (response.ok ? null : response.error);

describe('IPC router', () => {
  it('answers an unknown channel with UNKNOWN_CHANNEL instead of throwing', async () => {
    expect(errorOf(await router.handle('messages.delete', {}))?.code).toBe('UNKNOWN_CHANNEL');
    expect(errorOf(await router.handle('__proto__', {}))?.code).toBe('UNKNOWN_CHANNEL');
  });

  it('answers a payload that fails its schema with VALIDATION_FAILED and the field path', async () => {
    const error = errorOf(await router.handle('messages.send', { conversationId: 42, body: 'hi' }));
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.issues?.[0]?.path).toBe('conversationId');
    expect(errorOf(await router.handle('settings.set', { theme: 'neon' }))?.code).toBe('VALIDATION_FAILED');
    expect(errorOf(await router.handle('settings.set', { unknownKey: true }))?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      errorOf(await router.handle('conversations.mute', { conversationId: 'c', duration: '2h' }))?.code,
    ).toBe('VALIDATION_FAILED');
    expect(errorOf(await router.handle('session.signIn', 'not an object'))?.code).toBe('VALIDATION_FAILED');
  });

  it('refuses server work while signed out with SIGNED_OUT', async () => {
    expect(errorOf(await router.handle('users.search', { query: 'da' }))?.code).toBe('SIGNED_OUT');
    expect(errorOf(await router.handle('messages.send', { conversationId: 'c', body: 'hi' }))?.code).toBe(
      'SIGNED_OUT',
    );
  });

  it('serves local settings, do-not-disturb and drafts', async () => {
    const set = await router.handle('settings.set', { notificationPrivacy: 'name_only', theme: 'dark' });
    expect(set.ok && set.result).toMatchObject({
      notificationPrivacy: 'name_only',
      theme: 'dark',
      sound: true,
    });
    const dnd = await router.handle('settings.doNotDisturb', { duration: '8h' });
    expect(dnd.ok && dnd.result).toMatchObject({ doNotDisturb: { until: T0 + 8 * 3_600_000 } });
    const until = await router.handle('settings.doNotDisturb', { until: T0 + 90_000 });
    expect(until.ok && until.result).toMatchObject({ doNotDisturb: { until: T0 + 90_000 } });
    const past = await router.handle('settings.doNotDisturb', { until: T0 - 1 });
    expect(past.ok && past.result).toMatchObject({ doNotDisturb: null });
    expect(errorOf(await router.handle('settings.doNotDisturb', { duration: '8h', until: T0 }))?.code).toBe(
      'VALIDATION_FAILED',
    );
    await router.handle('drafts.set', { conversationId: 'c1', body: 'unfinished' });
    const draft = await router.handle('drafts.get', { conversationId: 'c1' });
    expect(draft).toEqual({ ok: true, result: { body: 'unfinished' } });
  });

  it('mutes a cached conversation for a while, which takes it out of the badge', async () => {
    core.cache.conversations.upsert(conversationFixture('c1', { unreadCount: 2, lastSeq: 2 }));
    core.session.setMe({
      ...conversationFixture('c1').participants[0]!,
      communityMuted: false,
      createdAt: T0,
    });
    const muted = (await router.handle('conversations.mute', {
      conversationId: 'c1',
      duration: '1h',
    })) as IpcResponse<'conversations.mute'>;
    expect(muted.ok && muted.result.conversation.mute).toEqual({ until: T0 + 3_600_000 });
    expect(core.settings.isMuted('c1')).toBe(true);
  });

  it('refuses a search shorter than two characters with QUERY_TOO_SHORT', async () => {
    expect(errorOf(await router.handle('messages.search', { query: 'a' }))?.code).toBe('QUERY_TOO_SHORT');
    expect(await router.handle('messages.search', { query: 'ab' })).toEqual({
      ok: true,
      result: { messages: [] },
    });
  });

  it('has a handler for every channel of the contract', async () => {
    for (const channel of IPC_CHANNELS) {
      const error = errorOf(await router.handle(channel, {}));
      expect(error?.code, channel).not.toBe('UNKNOWN_CHANNEL');
      expect(error?.code, channel).not.toBe('INTERNAL');
    }
  });
});

describe('conf settings store', () => {
  it('persists settings in a JSON file and falls back to defaults key by key for broken values', () => {
    const store = new ConfSettingsStore({ cwd: dir, configName: 'prefs-test' });
    const settings = store.load();
    expect(settings.notificationPrivacy).toBe('name_and_message');
    store.save({ ...settings, theme: 'light', mutes: { c: { until: null } } });
    const again = new ConfSettingsStore({ cwd: dir, configName: 'prefs-test' });
    expect(again.load()).toMatchObject({ theme: 'light', mutes: { c: { until: null } } });
    const repaired = parseStoredSettings({ theme: 'neon', sound: false, mutes: 'nope' });
    expect(repaired).toMatchObject({ theme: 'dark', sound: false, mutes: {} });
  });
});
