import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';

/**
 * argon2id password hashing (Node 24's built-in, no native addon), stored as a PHC string so parameters
 * can change later without breaking old hashes. Hashing is memory-hard on purpose, so only a few run at
 * once; the rest queue, and a full queue answers SERVER_BUSY instead of exhausting memory.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, phc: string): Promise<boolean>;
}

interface Params {
  memory: number;
  passes: number;
  parallelism: number;
}

export function createPasswordHasher(memoryKib: number): PasswordHasher {
  const gate = new ConcurrencyGate(LIMITS.concurrentPasswordHashes, LIMITS.passwordHashQueueMax);
  const params: Params = { memory: memoryKib, passes: 2, parallelism: 1 };

  return {
    async hash(password) {
      const salt = randomBytes(16);
      const tag = await gate.run(() => derive(password, salt, params));
      return `$argon2id$v=19$m=${params.memory},t=${params.passes},p=${params.parallelism}$${salt.toString('base64url')}$${tag.toString('base64url')}`;
    },
    async verify(password, phc) {
      const parsed = parsePhc(phc);
      if (!parsed) return false;
      const tag = await gate.run(() => derive(password, parsed.salt, parsed.params));
      return tag.length === parsed.tag.length && timingSafeEqual(tag, parsed.tag);
    },
  };
}

function derive(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    argon2('argon2id', { message: password, nonce: salt, tagLength: 32, ...params }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function parsePhc(phc: string): { params: Params; salt: Buffer; tag: Buffer } | null {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/.exec(phc);
  if (!match) return null;
  const [, m, t, p, salt, tag] = match as unknown as [string, string, string, string, string, string];
  return {
    params: { memory: Number(m), passes: Number(t), parallelism: Number(p) },
    salt: Buffer.from(salt, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
}

/** At most `limit` tasks at once; up to `queueMax` wait; past that, SERVER_BUSY. */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly limit: number;
  private readonly queueMax: number;

  constructor(limit: number, queueMax: number) {
    this.limit = limit;
    this.queueMax = queueMax;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) {
      this.running++;
    } else {
      if (this.waiting.length >= this.queueMax) {
        throw new AppError('SERVER_BUSY', 'The server is busy signing people in; try again shortly.', {
          retryAfterMs: 1000,
        });
      }
      // The finishing task hands its slot straight to us, so no newcomer can slip in between.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
