import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

/** Time-ordered ids keep primary-key indexes append-mostly. */
export function newId(): string {
  return uuidv7();
}

/** Unguessable secrets (tokens), URL-safe. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
