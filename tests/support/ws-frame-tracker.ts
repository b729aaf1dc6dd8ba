/**
 * Follows one direction of a WebSocket connection byte by byte (the HTTP upgrade, then RFC 6455 frames)
 * without buffering, so the fault proxy can cut a stream at a point strictly inside a frame. It reads only
 * frame headers; payloads are skipped by length.
 */
export class WsFrameTracker {
  /** Bytes seen so far in this direction. */
  #offset = 0;
  #phase: 'http' | 'header' | 'payload' = 'http';
  /** The last four bytes of the HTTP head, to find its closing CRLF CRLF across chunks. */
  #httpTail = 0;
  #header: number[] = [];
  #payloadLeft = 0n;
  /** Frames whose last byte has been seen. */
  framesSeen = 0;

  get offset(): number {
    return this.#offset;
  }

  /** True while the stream is inside a frame (its header or its payload). */
  get insideFrame(): boolean {
    return this.#phase !== 'http' && (this.#header.length > 0 || this.#phase === 'payload');
  }

  /**
   * Consumes `chunk` and returns, when `wantCut` is set, the number of its bytes to forward so that the
   * stream stops strictly inside a frame: the first frame still open in, or starting in, this chunk is cut
   * halfway (at least one byte in, at least one byte short of its end). Null when no frame byte is in the
   * chunk yet (still the HTTP upgrade). The tracker always consumes the whole chunk.
   */
  feed(chunk: Buffer, wantCut = false): number | null {
    let cut: number | null = null;
    for (let i = 0; i < chunk.length;) {
      switch (this.#phase) {
        case 'http': {
          this.#httpTail = ((this.#httpTail << 8) | (chunk[i] ?? 0)) >>> 0;
          i += 1;
          this.#offset += 1;
          if (this.#httpTail === 0x0d0a0d0a) this.#phase = 'header';
          break;
        }
        case 'header': {
          // A fresh frame starts here: cut after its first byte. A header split across chunks: cut before
          // the rest of it. Either way the stream stops inside the header.
          if (wantCut && cut === null) cut = this.#header.length === 0 ? i + 1 : i;
          this.#header.push(chunk[i] ?? 0);
          i += 1;
          this.#offset += 1;
          const needed = headerLength(this.#header);
          if (needed !== null && this.#header.length === needed) {
            this.#payloadLeft = payloadLength(this.#header);
            this.#header = [];
            if (this.#payloadLeft === 0n) this.framesSeen += 1;
            else this.#phase = 'payload';
          }
          break;
        }
        case 'payload': {
          const available = BigInt(chunk.length - i);
          const take = Number(this.#payloadLeft < available ? this.#payloadLeft : available);
          // Inside the payload: forward at most half of what is left of it (fewer bytes than remain).
          if (wantCut && cut === null) cut = i + Math.min(take, Number(this.#payloadLeft / 2n));
          i += take;
          this.#offset += take;
          this.#payloadLeft -= BigInt(take);
          if (this.#payloadLeft === 0n) {
            this.#phase = 'header';
            this.framesSeen += 1;
          }
          break;
        }
      }
    }
    return cut;
  }
}

/** Length of a frame header once enough of it is known (2, 4 or 10 bytes, plus 4 for a mask). */
function headerLength(header: readonly number[]): number | null {
  if (header.length < 2) return null;
  const second = header[1] ?? 0;
  const masked = (second & 0x80) !== 0;
  const len7 = second & 0x7f;
  const base = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
  return base + (masked ? 4 : 0);
}

function payloadLength(header: readonly number[]): bigint {
  const len7 = (header[1] ?? 0) & 0x7f;
  if (len7 < 126) return BigInt(len7);
  if (len7 === 126) return BigInt(((header[2] ?? 0) << 8) | (header[3] ?? 0));
  let n = 0n;
  for (let i = 2; i < 10; i++) n = (n << 8n) | BigInt(header[i] ?? 0);
  return n;
}
