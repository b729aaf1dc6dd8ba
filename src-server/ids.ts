import { getRandomValues, randomBytes } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/**
 * The generator's randomness, drawn from the CSPRNG a few KiB at a time. uuidv7's default draws 32 bytes at
 * a time, so a message (one id) cost a `getRandomValues` call every two or three ids: about 2 % of the
 * server thread in the send benchmark, for a call whose cost is mostly its own overhead.
 */
class BufferedRandom {
  private readonly buffer = new Uint32Array(1024);
  private cursor = this.buffer.length;

  nextUint32(): number {
    if (this.cursor >= this.buffer.length) {
      getRandomValues(this.buffer);
      this.cursor = 0;
    }
    return this.buffer[this.cursor++] ?? 0;
  }
}

const generator = new V7Generator(new BufferedRandom());

/** Time-ordered ids keep primary-key indexes append-mostly. */
export function newId(): string {
  return generator.generate().toString();
}

/** Unguessable secrets (tokens), URL-safe. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
