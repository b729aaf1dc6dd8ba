import { describe, expect, it } from 'vitest';
import { WsFrameTracker } from '../support/ws-frame-tracker.ts';

const HTTP_HEAD = Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n');

/** An RFC 6455 text frame with the given payload length, masked or not. */
function frame(length: number, masked = false): Buffer {
  const lengthBytes =
    length < 126
      ? [length]
      : length < 65536
        ? [126, length >> 8, length & 0xff]
        : [
            127,
            0,
            0,
            0,
            0,
            (length >>> 24) & 0xff,
            (length >> 16) & 0xff,
            (length >> 8) & 0xff,
            length & 0xff,
          ];
  const header = Buffer.from([0x81, ...lengthBytes]);
  if (masked) header[1] = (header[1] ?? 0) | 0x80;
  return Buffer.concat([header, masked ? Buffer.alloc(4, 7) : Buffer.alloc(0), Buffer.alloc(length, 0x61)]);
}

/** Frame [start, end) ranges of a stream made of the HTTP head and `frames`. */
function ranges(frames: Buffer[]): [number, number][] {
  let at = HTTP_HEAD.length;
  return frames.map((f) => {
    const range: [number, number] = [at, at + f.length];
    at += f.length;
    return range;
  });
}

function strictlyInside(offset: number, frames: [number, number][]): boolean {
  return frames.some(([start, end]) => offset > start && offset < end);
}

describe('WsFrameTracker', () => {
  it('counts frames of every length encoding, masked or not, across arbitrary chunking', () => {
    const frames = [frame(0), frame(5, true), frame(125), frame(126, true), frame(70_000), frame(3)];
    const stream = Buffer.concat([HTTP_HEAD, ...frames]);
    for (const size of [1, 2, 3, 7, 64, 1000, stream.length]) {
      const tracker = new WsFrameTracker();
      for (let i = 0; i < stream.length; i += size) tracker.feed(stream.subarray(i, i + size));
      expect(tracker.framesSeen).toBe(frames.length);
      expect(tracker.offset).toBe(stream.length);
      expect(tracker.insideFrame).toBe(false);
    }
  });

  it('never cuts inside the HTTP upgrade, and cuts strictly inside a frame wherever the chunk falls', () => {
    const frames = [frame(2), frame(300, true), frame(1), frame(700), frame(0), frame(130, true)];
    const stream = Buffer.concat([HTTP_HEAD, ...frames]);
    const spans = ranges(frames);
    for (const size of [1, 2, 5, 13, 100, 4096]) {
      // Arm the cut at every chunk in turn: before, at and after each frame boundary.
      for (let cutChunk = 0; cutChunk * size < stream.length; cutChunk += 1) {
        const tracker = new WsFrameTracker();
        let cutAt: number | null = null;
        let at = 0;
        for (let i = 0; i < stream.length && cutAt === null; i += size) {
          const chunk = stream.subarray(i, i + size);
          const cut = tracker.feed(chunk, i / size >= cutChunk);
          if (cut !== null) cutAt = at + cut;
          at += chunk.length;
        }
        expect(cutAt, `chunk size ${size}, armed at chunk ${cutChunk}`).not.toBeNull();
        expect(strictlyInside(cutAt ?? -1, spans), `cut at ${cutAt} (size ${size})`).toBe(true);
      }
    }
  });
});
