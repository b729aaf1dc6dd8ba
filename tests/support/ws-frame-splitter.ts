/**
 * Splits one direction of a connection into whole units for a proxy that drops WebSocket frames: the
 * HTTP head, then (after a `101 Switching Protocols` head) each whole RFC 6455 frame. A connection that is
 * not a WebSocket (an HTTP response with a body) passes through as it comes once its head is seen.
 * Partial units are held until the rest arrives, so a unit is never forwarded in pieces.
 */
export interface SplitUnit {
  bytes: Buffer;
  /** A final text frame's payload (unmasked); null for the HTTP head, other frames and raw bytes. */
  text: string | null;
}

/** The most a held unit may grow to: a frame this large is a test's mistake, not traffic. */
const MAX_UNIT_BYTES = 16 * 1024 * 1024;

export class WsFrameSplitter {
  #phase: 'head' | 'frames' | 'raw' = 'head';
  #held: Buffer = Buffer.alloc(0);

  /** Consumes `chunk`; returns the units it completed, in order. */
  push(chunk: Buffer): SplitUnit[] {
    if (this.#phase === 'raw') return [{ bytes: chunk, text: null }];
    this.#held = this.#held.length === 0 ? chunk : Buffer.concat([this.#held, chunk]);
    if (this.#held.length > MAX_UNIT_BYTES) throw new Error('WsFrameSplitter: unit over 16 MiB');
    const units: SplitUnit[] = [];
    for (;;) {
      const unit = this.#next();
      if (!unit) return units;
      units.push(unit);
    }
  }

  /** The next whole unit held, if there is one. */
  #next(): SplitUnit | null {
    switch (this.#phase) {
      case 'head':
        return this.#takeHead();
      case 'frames':
        return this.#takeFrame();
      case 'raw': {
        if (this.#held.length === 0) return null;
        const bytes = this.#held;
        this.#held = Buffer.alloc(0);
        return { bytes, text: null };
      }
    }
  }

  #takeHead(): SplitUnit | null {
    const end = this.#held.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const bytes = this.#held.subarray(0, end + 4);
    this.#held = this.#held.subarray(end + 4);
    const statusLine = bytes.subarray(0, bytes.indexOf('\r\n')).toString('latin1');
    this.#phase = / 101 /.test(statusLine) ? 'frames' : 'raw';
    return { bytes, text: null };
  }

  #takeFrame(): SplitUnit | null {
    const held = this.#held;
    if (held.length < 2) return null;
    const first = held[0] ?? 0;
    const second = held[1] ?? 0;
    const masked = (second & 0x80) !== 0;
    const len7 = second & 0x7f;
    const lengthBytes = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    const headerLength = 2 + lengthBytes + (masked ? 4 : 0);
    if (held.length < headerLength) return null;
    const payloadLength =
      len7 === 126 ? held.readUInt16BE(2) : len7 === 127 ? Number(held.readBigUInt64BE(2)) : len7;
    const total = headerLength + payloadLength;
    if (held.length < total) return null;
    const bytes = held.subarray(0, total);
    this.#held = held.subarray(total);
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if (!fin || opcode !== 0x1) return { bytes, text: null };
    const payload = Buffer.from(bytes.subarray(headerLength));
    if (masked) {
      const mask = bytes.subarray(2 + lengthBytes, headerLength);
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
    }
    return { bytes, text: payload.toString('utf8') };
  }
}
