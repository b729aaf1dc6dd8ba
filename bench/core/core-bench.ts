/**
 * Client-core figures for `npm run bench`: cache ingest, opening a conversation page and FTS search on a
 * cache of 1,000,000 messages, and core start to conversation list ready with 5,000 conversations. Each
 * beside the raw better-sqlite3 figure for the same query on the same file, measured in the same run.
 * Nothing here asserts a timing.
 *
 * Run alone: `npm run bench -- --only core` (BENCH_CORE_MESSAGES=200000 for a quick run).
 */
import { BENCH_T0, benchConversation, benchPeople } from './fixtures.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Cache } from '../../src-main/core/cache/cache.ts';
import { toFtsQuery } from '../../src-main/core/cache/search.ts';
import { createCore } from '../../src-main/core/core.ts';
import { createRouter } from '../../src-main/core/router.ts';
import { MemorySettingsStore } from '../../src-main/core/settings/settings-store.ts';
import { MemorySessionStore } from '../../src-main/core/settings/session-store.ts';
import { RecordingShell } from '../../tests/support/recording-shell.ts';
import type { Message } from '../../src-shared/domain.ts';
import type { BenchRow, BenchSection } from '../lib/report.ts';
import { percentile } from '../lib/stats.ts';
import { catchUpRows } from './catch-up.ts';
import { outboxFlushRows } from './outbox-flush.ts';
import { rssRows } from './rss.ts';

const CONVERSATIONS = 5_000;
const BATCH = 1_000;
const T0 = BENCH_T0;

/** A deterministic pseudo-random stream (mulberry32), so every run builds the same cache. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ba',
  'ke',
  'lo',
  'mi',
  'nu',
  'ra',
  'so',
  'ti',
  'vu',
  'ze',
  'dr',
  'um',
  'sn',
  'ar',
  'ha',
  'to',
  'ki',
  'ck',
  'be',
  'at',
];
/** ~4,000 made-up words; drawn with a skew so some are common (like "the") and most are rare. */
function vocabulary(random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < 4_000) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

function timeEach(times: number, fn: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    fn(i);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

async function timeEachAsync(times: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

/** p50 and p99 rows of sorted samples beside their baseline, with the goal on the p99. */
function latencyRows(
  name: string,
  samples: number[],
  baseline: number[],
  baselineName: string,
  p99GoalMs: number,
): BenchRow[] {
  return [50, 99].map((p) => ({
    name: `${name} p${p}`,
    value: percentile(samples, p),
    unit: 'ms',
    baseline: percentile(baseline, p),
    baselineName,
    ...(p === 99 ? { goal: `p99 < ${p99GoalMs} ms`, met: percentile(samples, 99) < p99GoalMs } : {}),
  }));
}

interface Built {
  dir: string;
  file: string;
  ingestRate: number;
  /** The rate over the first `rawCount` rows, comparable with the baseline. */
  firstPartRate: number;
  rawCount: number;
  rawIngestRate: number;
  words: string[];
  messages: number;
}

/** Builds the cache file through the core's stores (the ingest figure), and a raw-insert baseline. */
function build(messages: number): Built {
  const dir = mkdtempSync(join(tmpdir(), 'beatpass-core-bench-'));
  const file = join(dir, 'cache.sqlite');
  const random = rng(42);
  const words = vocabulary(random);
  const body = () => {
    const n = 3 + Math.floor(random() * 12);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(words[Math.floor(words.length * random() ** 3)] ?? 'x');
    return parts.join(' ');
  };
  const perConversation = Math.ceil(messages / CONVERSATIONS);
  const cache = Cache.open({ path: file });
  cache.transaction(() => {
    for (let i = 0; i < CONVERSATIONS; i++)
      cache.conversations.upsert(benchConversation(i, perConversation, true));
  });
  // Interleaved across conversations, in time order, as messages arrive in real life.
  const message = (n: number): Message => {
    const c = n % CONVERSATIONS;
    const seq = Math.floor(n / CONVERSATIONS) + 1;
    return {
      id: `m-${n}`,
      conversationId: `conv-${String(c).padStart(5, '0')}`,
      seq,
      authorId: benchPeople[c % 50]!.id,
      clientId: `c-${n}`,
      body: body(),
      createdAt: T0 + n * 10,
    };
  };
  const rawCount = Math.min(messages, 200_000);
  let start = performance.now();
  let firstPartRate = 0;
  for (let n = 0; n < messages; n += BATCH) {
    cache.transaction(() => {
      for (let k = n; k < Math.min(messages, n + BATCH); k++) cache.messages.insert(message(k));
    });
    if (n + BATCH === rawCount) firstPartRate = rawCount / ((performance.now() - start) / 1000);
  }
  const ingestRate = messages / ((performance.now() - start) / 1000);
  cache.db.pragma('optimize');
  cache.close();

  // Baseline: plain prepared INSERTs of the same rows into the same schema (keys precomputed, no
  // conflict handling), in the same batches.
  const rawFile = join(dir, 'raw.sqlite');
  Cache.open({ path: rawFile }).close();
  const raw = new Database(rawFile);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const insert = raw.prepare(
    'INSERT INTO messages (sort_key, id, conversation_id, seq, author_id, client_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const batch = raw.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const m = message(k);
      insert.run(
        m.createdAt * 1000,
        m.id,
        m.conversationId,
        m.seq,
        m.authorId,
        m.clientId,
        m.body,
        m.createdAt,
      );
    }
  });
  start = performance.now();
  for (let n = 0; n < rawCount; n += BATCH) batch(n, Math.min(rawCount, n + BATCH));
  const rawIngestRate = rawCount / ((performance.now() - start) / 1000);
  raw.close();
  return {
    dir,
    file,
    ingestRate,
    firstPartRate: firstPartRate || ingestRate,
    rawCount,
    rawIngestRate,
    words,
    messages,
  };
}

export async function runCoreBench(options: { messages?: number } = {}): Promise<BenchSection> {
  const messages = options.messages ?? Number(process.env.BENCH_CORE_MESSAGES ?? 1_000_000);
  const built = build(messages);
  const rows: BenchRow[] = [];
  try {
    rows.push({
      name: `cache ingest, first ${built.rawCount.toLocaleString('en-US')} messages (batches of ${BATCH})`,
      value: Math.round(built.firstPartRate),
      unit: 'msg/s',
      baseline: Math.round(built.rawIngestRate),
      baselineName: 'raw prepared INSERT, same schema',
    });

    // Core start → conversation list ready, on the file with 5,000 conversations and the messages.
    const startSamples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const core = createCore({
        dataDir: built.dir,
        cacheFile: built.file,
        serverUrl: 'http://127.0.0.1:9',
        shell: new RecordingShell(),
        settings: new MemorySettingsStore(),
        sessions: new MemorySessionStore(),
      });
      const list = core.start();
      startSamples.push(performance.now() - t);
      if (list.length !== CONVERSATIONS)
        throw new Error(`expected ${CONVERSATIONS} conversations, got ${list.length}`);
      core.close();
    }
    const raw = new Database(built.file, { readonly: true });
    const listSql = raw.prepare(`
      SELECT c.*, r.*, d.body FROM conversations c LEFT JOIN read_state r ON r.conversation_id = c.id
      LEFT JOIN drafts d ON d.conversation_id = c.id WHERE c.hidden = 0 ORDER BY c.last_activity_at DESC`);
    const participantsSql = raw.prepare(
      'SELECT p.conversation_id, u.* FROM participants p JOIN users u ON u.id = p.user_id',
    );
    const rawList = timeEach(5, () => {
      listSql.all();
      participantsSql.all();
    });
    rows.push({
      name: `core start → list ready (${CONVERSATIONS.toLocaleString('en-US')} conversations), median of 5`,
      value: percentile(
        startSamples.sort((a, b) => a - b),
        50,
      ),
      unit: 'ms',
      baseline: percentile(rawList, 50),
      baselineName: 'raw list + participants queries',
      goal: '< 50 ms',
      met: percentile(startSamples, 50) < 50,
    });

    // Opening a conversation page of 100 and searching, through the router as the UI calls it.
    const core = createCore({
      dataDir: built.dir,
      cacheFile: built.file,
      serverUrl: 'http://127.0.0.1:9',
      shell: new RecordingShell(),
      settings: new MemorySettingsStore(),
      sessions: new MemorySessionStore(),
    });
    core.start();
    const router = createRouter(core);
    const pick = rng(7);
    const ids = Array.from(
      { length: 2_000 },
      () => `conv-${String(Math.floor(pick() * CONVERSATIONS)).padStart(5, '0')}`,
    );
    for (const id of ids.slice(0, 200)) await router.handle('conversations.open', { conversationId: id });
    const open = await timeEachAsync(ids.length, async (i) => {
      const response = await router.handle('conversations.open', { conversationId: ids[i] });
      if (!response.ok) throw new Error(response.error.message);
    });
    const pageSql = raw.prepare(
      'SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 100',
    );
    const rawOpen = timeEach(ids.length, (i) => pageSql.all(ids[i]));
    const total = `${built.messages.toLocaleString('en-US')} messages`;
    rows.push(
      ...latencyRows(`open conversation, page of 100 (${total})`, open, rawOpen, 'raw page query', 1),
    );

    const queries = Array.from({ length: 500 }, () => {
      const word = built.words[Math.floor(built.words.length * pick())] ?? 'ba';
      return word.slice(0, 2 + Math.floor(pick() * 3));
    });
    const search = await timeEachAsync(queries.length, async (i) => {
      const response = await router.handle('messages.search', { query: queries[i] });
      if (!response.ok) throw new Error(response.error.message);
    });
    const searchSql = raw.prepare(
      'SELECT m.* FROM messages_fts f JOIN messages m ON m.sort_key = f.rowid WHERE messages_fts MATCH ? ORDER BY f.rowid DESC LIMIT 50',
    );
    const rawSearch = timeEach(queries.length, (i) => searchSql.all(toFtsQuery(queries[i] ?? '', 2)));
    rows.push(...latencyRows(`FTS search, 50 newest (${total})`, search, rawSearch, 'raw FTS query', 20));
    core.close();
    raw.close();
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
  const flush = await outboxFlushRows();
  const catchUp = await catchUpRows();
  const rss = await rssRows();
  rows.push(...flush.rows, ...catchUp.rows, ...rss.rows);
  return {
    title: 'Client core cache (better-sqlite3)',
    rows,
    notes: [
      ...flush.notes,
      ...catchUp.notes,
      ...rss.notes,
      `Ingest of all ${built.messages.toLocaleString('en-US')} messages through the core's store: ${Math.round(built.ingestRate).toLocaleString('en-US')} msg/s (slower as the indexes and the FTS index grow).`,
      `${built.messages.toLocaleString('en-US')} messages over ${CONVERSATIONS.toLocaleString('en-US')} conversations, bodies of 3–14 words from a skewed 4,000-word vocabulary; WAL, synchronous=NORMAL.`,
      'Core figures go through the IPC router as the UI calls it (payload validation, cache query, view mapping); baselines are the bare SQL on the same file.',
      'Search queries are 2–4 character prefixes of vocabulary words, so common prefixes match hundreds of thousands of rows.',
    ],
  };
}
