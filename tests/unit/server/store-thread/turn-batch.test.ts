import { describe, expect, it } from 'vitest';
import { TurnBatch } from '../../../../src-server/store-thread/turn-batch.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBatch', () => {
  it('hands on everything added in one turn of the event loop once, in order', async () => {
    const sent: number[][] = [];
    const batch = new TurnBatch<number>((items) => sent.push(items));
    batch.push(1);
    batch.push(2);
    await Promise.resolve(); // microtasks of the same turn still join the batch
    batch.push(3);
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual([[1, 2, 3]]);
    batch.push(4);
    await nextTurn();
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('flush sends at once, and the turn’s own flush then has nothing to send', async () => {
    const sent: string[][] = [];
    const batch = new TurnBatch<string>((items) => sent.push(items));
    batch.push('a');
    batch.flush();
    expect(sent).toEqual([['a']]);
    await nextTurn();
    expect(sent).toEqual([['a']]);
  });
});
