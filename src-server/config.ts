import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../src-shared/limits.ts';

/**
 * Server configuration from flags and BEATPASS_* environment variables (flags win). Parsed with zod, so a
 * bad value stops the server at start with a message naming the option, never halfway through a request.
 */
export const serverConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().min(1).default('./data'),
  /** SQLite file path, or a postgres:// URL. Default: <dataDir>/server.sqlite. */
  database: z.string().min(1).optional(),
  demo: z.boolean().default(false),
  /** Demo producer's reply delay. */
  demoReplyDelayMs: z.coerce.number().int().min(0).max(60_000).default(1500),
  eventRetention: z.coerce.number().int().min(1).default(LIMITS.eventRetentionPerUser),
  /** Sends per user per 10 s (all of the user's sockets together). */
  sendRatePerWindow: z.coerce.number().int().min(1).default(LIMITS.sendRatePerWindow),
  /** New accounts per client address per hour. */
  signUpRatePerWindow: z.coerce.number().int().min(1).default(LIMITS.signUpRatePerWindow),
  /** Open WebSockets per user. */
  socketsPerUser: z.coerce.number().int().min(1).default(LIMITS.socketsPerUser),
  /** TCP connections per client address on this node. */
  connectionsPerAddress: z.coerce.number().int().min(1).default(LIMITS.connectionsPerAddress),
  /**
   * Proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For is believed. Empty: the
   * peer's address is the client's, and X-Forwarded-For is ignored.
   */
  trustProxy: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) =>
      (Array.isArray(value) ? value : value.split(','))
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    ),
  /** argon2id memory cost in KiB; the default follows OWASP's argon2id recommendation. */
  passwordMemoryKib: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(19 * 1024),
  smtpUrl: z.string().optional(),
  emailFrom: z.string().default('BeatPass Messenger <messages@beatpass.local>'),
  emailDebounceMs: z.coerce.number().int().min(0).default(60_000),
  /** Links in emails point here (beatpass:// deep links open the app). */
  appLinkBase: z.string().default('beatpass://messages'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** redis:// URL: the event bus, presence and limits shared by every node. Without it, one node alone. */
  redisUrl: z.string().min(1).optional(),
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only')
    .default('beatpass:'),
  /** This node's name in logs, metrics and presence; default: host name, process id and a random tag. */
  nodeId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
    .optional(),
  /** PostgreSQL connections per node. */
  databasePoolSize: z.coerce.number().int().min(1).max(200).default(10),
  /** On SIGTERM, how long requests already being handled get to finish before the store closes. */
  shutdownTimeoutMs: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * Every socket is pinged this often; one that has not answered the previous ping is dropped. Keep it
   * below the idle timeout of any proxy or load balancer in front of the server.
   */
  heartbeatIntervalMs: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * SQLite file: where the connection, the group commit and the handlers run. `worker` (default): on a
   * thread of their own (store-thread/), so commits overlap with socket and JSON work. `main`: on the event
   * loop with everything else (one thread; what an in-memory store and PostgreSQL always do).
   */
  storeThread: z.enum(['worker', 'main']).default('worker'),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;

const OPTIONS = {
  host: { type: 'string', env: 'BEATPASS_HOST', help: 'interface to listen on (default 127.0.0.1)' },
  port: { type: 'string', env: 'BEATPASS_PORT', help: 'port, 0 for any free one (default 8787)' },
  'data-dir': { type: 'string', env: 'BEATPASS_DATA_DIR', help: 'folder for the database (default ./data)' },
  database: { type: 'string', env: 'BEATPASS_DATABASE', help: 'SQLite file or postgres:// URL' },
  demo: { type: 'boolean', env: 'BEATPASS_DEMO', help: 'seed demo data and run the demo producer' },
  'demo-reply-delay-ms': {
    type: 'string',
    env: 'BEATPASS_DEMO_REPLY_DELAY_MS',
    help: 'demo producer reply delay',
  },
  'event-retention': {
    type: 'string',
    env: 'BEATPASS_EVENT_RETENTION',
    help: 'events kept per user for resume',
  },
  'send-rate': { type: 'string', env: 'BEATPASS_SEND_RATE', help: 'sends per user per 10 s (default 30)' },
  'sign-up-rate': {
    type: 'string',
    env: 'BEATPASS_SIGN_UP_RATE',
    help: 'new accounts per client address per hour (default 10)',
  },
  'max-sockets-per-user': {
    type: 'string',
    env: 'BEATPASS_MAX_SOCKETS_PER_USER',
    help: 'open WebSockets per user (default 16)',
  },
  'max-connections-per-address': {
    type: 'string',
    env: 'BEATPASS_MAX_CONNECTIONS_PER_ADDRESS',
    help: 'TCP connections per client address (default 256)',
  },
  'trust-proxy': {
    type: 'string',
    env: 'BEATPASS_TRUST_PROXY',
    help: 'proxies whose X-Forwarded-For counts, e.g. 10.0.0.0/8,127.0.0.1',
  },
  'password-memory-kib': {
    type: 'string',
    env: 'BEATPASS_PASSWORD_MEMORY_KIB',
    help: 'argon2id memory cost',
  },
  'smtp-url': { type: 'string', env: 'BEATPASS_SMTP_URL', help: 'smtp://host:port for message emails' },
  'email-from': { type: 'string', env: 'BEATPASS_EMAIL_FROM', help: 'From: address of message emails' },
  'email-debounce-ms': { type: 'string', env: 'BEATPASS_EMAIL_DEBOUNCE_MS', help: 'wait before emailing' },
  'app-link-base': { type: 'string', env: 'BEATPASS_APP_LINK_BASE', help: 'base of links in emails' },
  'log-level': { type: 'string', env: 'BEATPASS_LOG_LEVEL', help: 'fatal|error|warn|info|debug|silent' },
  'redis-url': {
    type: 'string',
    env: 'BEATPASS_REDIS_URL',
    help: 'redis:// URL shared by every node (bus, presence, limits)',
  },
  'redis-prefix': {
    type: 'string',
    env: 'BEATPASS_REDIS_PREFIX',
    help: 'prefix of Redis keys and channels (default beatpass:)',
  },
  'node-id': { type: 'string', env: 'BEATPASS_NODE_ID', help: "this node's name in logs and metrics" },
  'database-pool-size': {
    type: 'string',
    env: 'BEATPASS_DATABASE_POOL_SIZE',
    help: 'PostgreSQL connections per node (default 10)',
  },
  'shutdown-timeout-ms': {
    type: 'string',
    env: 'BEATPASS_SHUTDOWN_TIMEOUT_MS',
    help: 'on SIGTERM, wait this long for requests in flight (default 10000)',
  },
  'heartbeat-interval-ms': {
    type: 'string',
    env: 'BEATPASS_HEARTBEAT_INTERVAL_MS',
    help: 'ping every socket this often; drop one that missed the last ping (default 30000)',
  },
  'store-thread': {
    type: 'string',
    env: 'BEATPASS_STORE_THREAD',
    help: 'SQLite: worker (default: statements on a thread of their own) or main',
  },
  help: { type: 'boolean', env: '', help: 'show this help' },
} as const;

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** Flags whose config key is not simply their camel-case name. */
const KEY_OF_FLAG: Record<string, string> = {
  'send-rate': 'sendRatePerWindow',
  'sign-up-rate': 'signUpRatePerWindow',
  'max-sockets-per-user': 'socketsPerUser',
  'max-connections-per-address': 'connectionsPerAddress',
};

export function configHelp(): string {
  const lines = Object.entries(OPTIONS).map(
    ([flag, o]) => `  --${flag.padEnd(22)} ${o.help}${o.env ? `  [${o.env}]` : ''}`,
  );
  return (
    `Usage: npm run server -- [options]\n\n${lines.join('\n')}\n\n` +
    'Operator commands (roles, community mutes, producer pages, teams) run beside the server on the same\n' +
    'database: npm run admin -- --help\n'
  );
}

export type ParsedCommandLine = { help: true } | { help: false; config: ServerConfig };

/** Reads flags and environment; throws an Error whose message names the bad option. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const parseOptions = Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, { type: o.type }]));
  const { values } = parseArgs({ args: argv, options: parseOptions, strict: true, allowPositionals: false });
  if (values.help === true) return { help: true };
  const raw: Record<string, unknown> = {};
  for (const [flag, option] of Object.entries(OPTIONS)) {
    if (flag === 'help') continue;
    const fromFlag = values[flag];
    const fromEnv = option.env ? env[option.env] : undefined;
    const value = fromFlag ?? fromEnv;
    if (value === undefined) continue;
    raw[KEY_OF_FLAG[flag] ?? camel(flag)] =
      option.type === 'boolean' && typeof value === 'string' ? value === '1' || value === 'true' : value;
  }
  return { help: false, config: parseConfig(raw) };
}

export function parseConfig(raw: Record<string, unknown>): ServerConfig {
  const result = serverConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Invalid server option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

export function databaseLocation(config: ServerConfig): string {
  return config.database ?? join(config.dataDir, 'server.sqlite');
}
