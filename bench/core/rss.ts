/**
 * The main process's (the core's) memory with 1,000 conversations and 100,000 cached messages: resident
 * set size of a process that opened the core on such a cache and opened every conversation, beside a
 * bare Node process's, measured in the same run (bench/core/rss-child.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cache } from '../../src-main/core/cache/cache.ts';
import type { Conversation, UserSummary } from '../../src-shared/domain.ts';
import type { BenchRow } from '../lib/report.ts';

const CONVERSATIONS = 1_000;
const MESSAGES = 100_000;
const T0 = 1_700_000_000_000;
const run = promisify(execFile);

const people: UserSummary[] = Array.from({ length: 50 }, (_, i) => ({
  id: `user-${i}`,
  username: `user${i}`,
  displayName: `User ${i}`,
  role: 'user',
  producerPageId: null,
  producerName: null,
}));

function conversation(i: number, lastSeq: number): Conversation {
  const other = people[1 + (i % 49)] ?? people[1]!;
  return {
    id: `conv-${String(i).padStart(5, '0')}`,
    kind: 'direct',
    title: null,
    participants: [people[0]!, other],
    status: 'accepted',
    requesterId: people[0]!.id,
    teamId: null,
    disabledReason: null,
    lastMessage: null,
    lastActivityAt: T0 + i,
    lastSeq,
    unreadCount: 0,
    lastReadSeq: lastSeq,
    markedUnread: false,
    othersReadSeq: 0,
    othersDeliveredSeq: 0,
    createdAt: T0,
  };
}

function seed(file: string): void {
  const cache = Cache.open({ path: file });
  const perConversation = MESSAGES / CONVERSATIONS;
  cache.transaction(() => {
    for (let i = 0; i < CONVERSATIONS; i++) cache.conversations.upsert(conversation(i, perConversation));
  });
  for (let n = 0; n < MESSAGES; n += 1_000) {
    cache.transaction(() => {
      for (let k = n; k < n + 1_000; k++) {
        const c = k % CONVERSATIONS;
        cache.messages.insert({
          id: `m-${k}`,
          conversationId: `conv-${String(c).padStart(5, '0')}`,
          seq: Math.floor(k / CONVERSATIONS) + 1,
          authorId: people[c % 50]!.id,
          clientId: `c-${k}`,
          body: `message number ${k}, a line of ordinary chat text about the beat`,
          createdAt: T0 + k * 10,
        });
      }
    });
  }
  cache.close();
}

async function childRss(args: string[]): Promise<number> {
  const child = join(import.meta.dirname, 'rss-child.ts');
  const { stdout } = await run(process.execPath, ['--expose-gc', child, ...args], { maxBuffer: 1 << 20 });
  const parsed = JSON.parse(stdout.trim()) as { rss: number };
  return parsed.rss;
}

export async function rssRows(): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'beatpass-rss-bench-'));
  try {
    const file = join(dir, 'cache.sqlite');
    seed(file);
    const core = await childRss(['core', file]);
    const bare = await childRss(['bare']);
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    return {
      rows: [
        {
          name: `core RSS, ${CONVERSATIONS.toLocaleString('en-US')} conversations and ${MESSAGES.toLocaleString('en-US')} cached messages (all opened)`,
          value: mb(core),
          unit: 'MB',
          baseline: mb(bare),
          baselineName: 'bare Node process',
        },
      ],
      notes: [
        'Core RSS: a process of its own opens the core on the cache, lists the conversations and opens every one through the router (pages of 100), then reports its resident set size after a GC; the baseline is a bare Node process. The Electron main process adds Electron itself on top.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
