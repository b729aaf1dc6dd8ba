import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src-shared/ipc.ts';
import {
  buildHistoryRows,
  compareMessages,
  foldSeparators,
  mergeMessages,
} from '../../../src-renderer/lib/grouping.ts';

const at = (day: number, h: number, m = 0) => new Date(2025, 2, day, h, m).getTime();

let n = 0;
function msg(author: string, createdAt: number, extra: Partial<MessageView> = {}): MessageView {
  n += 1;
  return {
    id: `m${n}`,
    clientId: `c${n}`,
    conversationId: 'conv',
    seq: n,
    authorId: author,
    body: `message ${n}`,
    createdAt,
    mine: author === 'me',
    state: 'sent',
    failure: null,
    ...extra,
  };
}

describe('buildHistoryRows', () => {
  it('puts a day separator before the first message of each day', () => {
    const rows = buildHistoryRows([msg('a', at(3, 10)), msg('a', at(3, 11)), msg('b', at(4, 9))]);
    expect(rows.map((r) => r.kind)).toEqual(['day', 'message', 'message', 'day', 'message']);
    expect(rows[0]).toMatchObject({ kind: 'day', key: 'day:2025-03-03' });
    expect(rows[3]).toMatchObject({ kind: 'day', key: 'day:2025-03-04' });
  });

  it('groups runs by the same author within five minutes', () => {
    const rows = buildHistoryRows([
      msg('a', at(3, 10, 0)),
      msg('a', at(3, 10, 2)),
      msg('a', at(3, 10, 20)), // gap > 5 min: new group
      msg('b', at(3, 10, 21)),
      msg('me', at(3, 10, 22)),
      msg('me', at(3, 10, 23)),
    ]).filter((r) => r.kind === 'message');
    const shape = rows.map((r) =>
      r.kind === 'message' ? `${r.groupStart ? 'S' : '-'}${r.groupEnd ? 'E' : '-'}` : '',
    );
    expect(shape).toEqual(['S-', '-E', 'SE', 'SE', 'S-', '-E']);
  });

  it('breaks a group at midnight', () => {
    const rows = buildHistoryRows([msg('a', at(3, 23, 59)), msg('a', at(4, 0, 1))]).filter(
      (r) => r.kind === 'message',
    );
    expect(rows.every((r) => r.kind === 'message' && r.groupStart && r.groupEnd)).toBe(true);
  });

  it('marks where unread messages from others start, once', () => {
    const base = n;
    const messages = [
      msg('a', at(3, 10)),
      msg('me', at(3, 10, 1)),
      msg('a', at(3, 10, 2)),
      msg('a', at(3, 10, 3)),
    ];
    const rows = buildHistoryRows(messages, base + 2);
    const kinds = rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'unread')).toHaveLength(1);
    expect(kinds).toEqual(['day', 'message', 'message', 'unread', 'message', 'message']);
    // The unread line starts a new group.
    expect(rows[4]).toMatchObject({ kind: 'message', groupStart: true });
  });

  it('has no unread line when nothing from others is after the watermark', () => {
    const messages = [msg('a', at(3, 10)), msg('me', at(3, 10, 1))];
    expect(buildHistoryRows(messages, n).some((r) => r.kind === 'unread')).toBe(false);
    expect(buildHistoryRows([], 0)).toEqual([]);
  });
});

describe('a partly loaded history', () => {
  it('draws no separator above the first loaded message until the start is loaded', () => {
    const base = n;
    const messages = [
      msg('a', at(3, 10), { seq: 50 }),
      msg('a', at(3, 11), { seq: 51 }),
      msg('b', at(4, 9), { seq: 52 }),
    ];
    const rows = buildHistoryRows(messages, 10, { atStart: false });
    expect(rows.map((r) => r.kind)).toEqual(['message', 'message', 'day', 'message']);
    expect(base).toBeLessThan(n);
    // The same boundary inside the loaded range still gets its line.
    expect(buildHistoryRows(messages, 50, { atStart: false }).map((r) => r.kind)).toEqual([
      'message',
      'unread',
      'message',
      'day',
      'message',
    ]);
  });
});

describe('ordering and merging', () => {
  it('orders by server sequence, unsent messages last by creation time', () => {
    const sent = msg('me', at(3, 10), { seq: 5 });
    const older = msg('a', at(3, 12), { seq: 4 });
    const pendingA = msg('me', at(3, 9), { seq: null, id: null, clientId: 'pa' });
    const pendingB = msg('me', at(3, 11), { seq: null, id: null, clientId: 'pb' });
    expect([pendingB, sent, pendingA, older].sort(compareMessages)).toEqual([
      older,
      sent,
      pendingA,
      pendingB,
    ]);
  });

  it('replaces messages by client id (an unsent message becomes stored) and keeps order', () => {
    const a = msg('a', at(3, 10), { seq: 10 });
    const pending = msg('me', at(3, 10, 1), { seq: null, id: null, clientId: 'x', state: 'sending' });
    const stored: MessageView = { ...pending, id: 'srv', seq: 11, state: 'sent' };
    const merged = mergeMessages([a, pending], [stored]);
    expect(merged).toEqual([a, stored]);
    expect(mergeMessages(merged, [])).toEqual(merged);
    // An older page merges in front.
    const older = msg('b', at(3, 8), { seq: 3 });
    expect(mergeMessages(merged, [older])).toEqual([older, a, stored]);
  });

  it('keeps the list, and each unchanged message, when the same messages arrive again', () => {
    const a = msg('a', at(3, 10), { seq: 1 });
    const b = msg('b', at(3, 11), { seq: 2 });
    const current = [a, b];
    // The server's page after the cached one: equal data in new objects.
    expect(mergeMessages(current, [{ ...a }, { ...b }])).toBe(current);
    expect(mergeMessages(current, [])).toBe(current);
    const seen: MessageView = { ...b, state: 'seen' };
    const merged = mergeMessages(current, [{ ...a }, seen]);
    expect(merged).toEqual([a, seen]);
    expect(merged[0]).toBe(a);
    expect(merged[1]).toBe(seen);
  });
});

describe('foldSeparators', () => {
  it('attaches day and unread separators to the next message, keyed by the message', () => {
    const a = msg('a', at(5, 10), { seq: 1 });
    const b = msg('b', at(5, 11), { seq: 2 });
    const c = msg('b', at(6, 9), { seq: 3 });
    const items = foldSeparators(buildHistoryRows([a, b, c], 1));
    expect(items.map((i) => [i.key, i.dayAt !== null, i.unread])).toEqual([
      [a.clientId, true, false],
      [b.clientId, false, true],
      [c.clientId, true, false],
    ]);
    expect(items[2]?.dayAt).toBe(c.createdAt);
  });
});
