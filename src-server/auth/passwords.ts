import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { LIMITS } from '../../src-shared/limits.ts';
import { FairGate } from './fair-gate.ts';

/**
 * argon2id password hashing (Node 24's built-in, no native addon), stored as a PHC string so parameters
 * can change later without breaking old hashes. Hashing is memory-hard on purpose, so only a few run at
 * once; the rest wait in a short queue that serves client addresses in turn (see FairGate), and a full
 * queue answers SERVER_BUSY instead of exhausting memory.
 */
export interface PasswordHasher {
  /** `queueKey`: whose turn this is in the queue (the client's address); the server's own work uses its own. */
  hash(password: string, queueKey?: string): Promise<string>;
  verify(password: string, phc: string, queueKey?: string): Promise<boolean>;
}

/** The queue key of hashes the server computes for itself (demo accounts, admin tools). */
const INTERNAL = 'internal';

interface Params {
  memory: number;
  passes: number;
  parallelism: number;
}

export function createPasswordHasher(memoryKib: number): PasswordHasher {
  const gate = new FairGate(
    LIMITS.concurrentPasswordHashes,
    LIMITS.passwordHashQueuePerAddress,
    LIMITS.passwordHashQueueMax,
  );
  const params: Params = { memory: memoryKib, passes: 2, parallelism: 1 };
  const run = <T>(queueKey: string, task: () => Promise<T>) =>
    gate.run(queueKey, task, queueKey === INTERNAL ? LIMITS.passwordHashQueueMax : undefined);

  return {
    async hash(password, queueKey = INTERNAL) {
      const salt = randomBytes(16);
      const tag = await run(queueKey, () => derive(password, salt, params));
      return `$argon2id$v=19$m=${params.memory},t=${params.passes},p=${params.parallelism}$${salt.toString('base64url')}$${tag.toString('base64url')}`;
    },
    async verify(password, phc, queueKey = INTERNAL) {
      const parsed = parsePhc(phc);
      if (!parsed) return false;
      const tag = await run(queueKey, () => derive(password, parsed.salt, parsed.params));
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
