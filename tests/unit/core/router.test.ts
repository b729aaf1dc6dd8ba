import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src-main/core/clock.ts';
import { createCore } from '../../../src-main/core/core.ts';
import type { Core } from '../../../src-main/core/core.ts';
import { createRouter } from '../../../src-main/core/router.ts';
import type { Router } from '../../../src-main/core/router.ts';
import { ConfSettingsStore } from '../../../src-main/core/settings/conf-settings-store.ts';
import { parseStoredSettings } from '../../../src-main/core/settings/settings-store.ts';
import { RecordingShell } from '../../support/recording-shell.ts';
import { IPC_CHANNELS, IPC_PAYLOAD_MAX_BYTES, IPC_REQUESTS } from '../../../src-shared/ipc.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
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

  it('pages conversations.list with {limit, before}, and without them answers the whole list', async () => {
    for (let i = 0; i < 5; i += 1)
      core.cache.conversations.upsert(conversationFixture(`c${i}`, { lastActivityAt: T0 + i }));
    const listResult = IPC_REQUESTS['conversations.list'].result;
    const answer = await router.handle('conversations.list', {});
    if (!answer.ok) throw new Error(answer.error.message);
    const all = listResult.parse(answer.result);
    expect(all.conversations.map((c) => c.id)).toEqual(['c4', 'c3', 'c2', 'c1', 'c0']);
    expect(all.nextCursor).toBeUndefined();

    const pages: string[][] = [];
    let before: string | undefined;
    for (;;) {
      const response = await router.handle('conversations.list', { limit: 2, ...(before ? { before } : {}) });
      if (!response.ok) throw new Error(response.error.message);
      const page = listResult.parse(response.result);
      pages.push(page.conversations.map((c) => c.id));
      if (!page.nextCursor) break;
      before = page.nextCursor;
    }
    expect(pages).toEqual([['c4', 'c3'], ['c2', 'c1'], ['c0']]);
    expect(errorOf(await router.handle('conversations.list', { limit: 0 }))?.code).toBe('VALIDATION_FAILED');
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

describe('every input capped', () => {
  it('caps a draft at the message limit, in characters, with PAYLOAD_TOO_LARGE and the field', async () => {
    const limit = LIMITS.messageMaxChars;
    expect((await router.handle('drafts.set', { conversationId: 'c1', body: 'é'.repeat(limit) })).ok).toBe(
      true,
    );
    // Characters, not UTF-16 units: a draft of emoji at the limit is fine, one more is not.
    expect((await router.handle('drafts.set', { conversationId: 'c1', body: '🎧'.repeat(limit) })).ok).toBe(
      true,
    );
    const over = errorOf(
      await router.handle('drafts.set', { conversationId: 'c1', body: '🎧'.repeat(limit + 1) }),
    );
    expect(over).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', issues: [{ path: 'body' }] });
    // A 300 KB paste, as the issue reported: refused, not fatal.
    const paste = errorOf(
      await router.handle('drafts.set', { conversationId: 'c1', body: 'x'.repeat(300_000) }),
    );
    expect(paste?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a payload over the byte cap, or one that is not plain data, before parsing it', async () => {
    const big = { query: 'ab', padding: 'x'.repeat(IPC_PAYLOAD_MAX_BYTES) };
    expect(errorOf(await router.handle('messages.search', big))?.code).toBe('PAYLOAD_TOO_LARGE');
    const cyclic: Record<string, unknown> = { query: 'ab' };
    cyclic.self = cyclic;
    expect(errorOf(await router.handle('messages.search', cyclic))?.code).toBe('VALIDATION_FAILED');
    expect(errorOf(await router.handle('messages.search', { query: 10n }))?.code).toBe('VALIDATION_FAILED');
  });

  it('declares a cap on every string and array of every payload schema', () => {
    const uncapped: string[] = [];
    for (const channel of IPC_CHANNELS)
      for (const path of uncappedFields(IPC_REQUESTS[channel].payload, channel)) uncapped.push(path);
    expect(uncapped).toEqual([]);
    // The walker itself finds what is missing.
    const probe = z.object({ a: z.string(), b: z.array(z.number()).optional(), c: z.unknown() });
    expect(uncappedFields(probe, 'probe')).toEqual(['probe.a', 'probe.b', 'probe.c (unknown)']);
  });
});

describe('a failure nobody expected', () => {
  it('is answered INTERNAL, reported as app.unexpectedError, and counted: the router never throws', async () => {
    const reported = core.events.next('app.unexpectedError');
    // A bug stand-in: the cache is gone under the router's feet (better-sqlite3 throws a TypeError).
    core.cache.close();
    const response = await router.handle('drafts.get', { conversationId: 'c1' });
    expect(errorOf(response)?.code).toBe('INTERNAL');
    expect(await reported).toMatchObject({ where: 'IPC drafts.get', count: 1 });
    expect(core.unexpected.count).toBe(1);
  });

  it('an AppError is an answer, not a bug: nothing is reported', async () => {
    await router.handle('users.search', { query: 'da' });
    await router.handle('nope', {});
    expect(core.unexpected.count).toBe(0);
  });
});

/**
 * Paths in a zod schema where a string or an array has no maximum (or where anything goes: unknown, any).
 * Numbers, booleans, literals and enums are bounded by nature.
 */
function uncappedFields(schema: unknown, path: string): string[] {
  const def = (schema as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const checks = (def.checks ?? []) as { _zod: { def: { check: string } } }[];
  const capped = () => checks.some((c) => ['max_length', 'length_equals'].includes(c._zod.def.check));
  switch (def.type) {
    case 'string':
      return (schema as { maxLength: number | null }).maxLength === null ? [path] : [];
    case 'array':
      return [...(capped() ? [] : [path]), ...uncappedFields(def.element, `${path}[]`)];
    case 'object':
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([key, value]) =>
        uncappedFields(value, `${path}.${key}`),
      );
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return uncappedFields(def.innerType, path);
    case 'pipe':
      return uncappedFields(def.in, path);
    case 'union':
      return (def.options as unknown[]).flatMap((option) => uncappedFields(option, path));
    case 'number':
    case 'int':
    case 'boolean':
    case 'literal':
    case 'enum':
    case 'null':
      return [];
    default:
      return [`${path} (${def.type})`];
  }
}

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
