import { describe, expect, it } from 'vitest';
import { RequestPipeline, requestKind } from '../../../src-server/realtime/request-pipeline.ts';
import type { RequestKind } from '../../../src-server/realtime/request-pipeline.ts';

/** A request whose start, `started()` and end the test drives by hand. */
function request(log: string[], name: string) {
  let finish: () => void = () => {};
  let markStarted: () => void = () => {};
  const run = async (started: () => void) => {
    log.push(`start ${name}`);
    markStarted = started;
    await new Promise<void>((resolve) => (finish = resolve));
    log.push(`end ${name}`);
  };
  return { run, started: () => markStarted(), finish: () => finish() };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RequestPipeline', () => {
  it('starts an overlapping request once the one before it has started, a barrier once all before it ended', async () => {
    const log: string[] = [];
    const pipeline = new RequestPipeline(10, (error) => log.push(`error ${String(error)}`));
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => request(log, name));
    const submit = (kind: RequestKind, r: { run: (started: () => void) => Promise<void> } | undefined) =>
      r && pipeline.submit(kind, r.run);
    submit('overlap', a);
    submit('overlap', b);
    submit('barrier', c);
    submit('overlap', d);
    await settle();
    expect(log).toEqual(['start a']); // b waits for a to have started
    a?.started();
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    b?.started();
    await settle();
    expect(log).toEqual(['start a', 'start b']); // the barrier waits for a and b to end
    b?.finish();
    a?.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'end a', 'start c']);
    c?.started(); // started means nothing for a barrier: d waits for it to end
    await settle();
    expect(log).toHaveLength(5);
    c?.finish();
    await settle();
    expect(log.slice(5)).toEqual(['end c', 'start d']);
    d?.finish();
    await pipeline.idle();
    expect(pipeline.size).toBe(0);
  });

  it('refuses a request past its limit, and takes requests again as they end', async () => {
    const log: string[] = [];
    const pipeline = new RequestPipeline(2, (error) => log.push(`error ${String(error)}`));
    const first = request(log, 'first');
    const second = request(log, 'second');
    expect(pipeline.submit('overlap', first.run)).toBe(true);
    expect(pipeline.submit('overlap', second.run)).toBe(true);
    expect(pipeline.submit('overlap', request(log, 'third').run)).toBe(false);
    await settle();
    first.started();
    first.finish();
    await settle();
    expect(pipeline.size).toBe(1);
    expect(pipeline.submit('overlap', request(log, 'fourth').run)).toBe(true);
    second.finish();
    await settle();
    expect(log).not.toContain('start third');
  });

  it('goes on after a request that rejected, reporting it', async () => {
    const errors: unknown[] = [];
    const pipeline = new RequestPipeline(5, (error) => errors.push(error));
    const ran: string[] = [];
    pipeline.submit('barrier', async () => {
      throw new Error('boom');
    });
    pipeline.submit('barrier', async () => {
      ran.push('after');
    });
    await pipeline.idle();
    expect(ran).toEqual(['after']);
    expect(errors.map(String)).toEqual(['Error: boom']);
  });

  it('lets only messages.send overlap', () => {
    expect(requestKind('messages.send')).toBe('overlap');
    expect(requestKind('messages.history')).toBe('barrier');
    expect(requestKind('no.such.op')).toBe('barrier');
  });
});
