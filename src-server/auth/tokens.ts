import { createHash } from 'node:crypto';
import { newSecret } from '../ids.ts';

/** Tokens are random and stored only as SHA-256 digests: a leaked database holds no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): { token: string; hash: string } {
  const token = newSecret(32);
  return { token, hash: hashToken(token) };
}
