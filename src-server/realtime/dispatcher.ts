import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError, validationError } from '../../src-shared/errors.ts';
import type { ErrorBody } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { OPS, isOp } from '../../src-shared/protocol.ts';
import type { Op, OpParsedParams, RequestFrame } from '../../src-shared/protocol.ts';
import type { Caller, OpHandler, OpHandlers } from '../context.ts';
import type { Logger } from '../log.ts';

export type DispatchOutcome = { ok: true; result: unknown } | { ok: false; error: ErrorBody };

/**
 * Validates a request, applies the per-connection rate limits, runs its handler, and turns any failure
 * into an error body. Nothing a client sends can make this throw.
 */
export class Dispatcher {
  private readonly handlers: OpHandlers;
  private readonly log: Logger;
  private readonly requestLimiter: RateLimiterMemory;
  private readonly sendLimiter: RateLimiterMemory;

  constructor(handlers: OpHandlers, log: Logger, sendRatePerWindow: number) {
    this.handlers = handlers;
    this.log = log;
    this.requestLimiter = new RateLimiterMemory({
      // Every send is also a request: a send budget above the request budget (`--send-rate`, e.g. the
      // bench's) would otherwise be capped by it, so the request budget is never the smaller one.
      points: Math.max(
        LIMITS.requestRatePerWindow,
        Math.ceil((sendRatePerWindow * LIMITS.requestRateWindowMs) / LIMITS.sendRateWindowMs),
      ),
      duration: LIMITS.requestRateWindowMs / 1000,
    });
    this.sendLimiter = new RateLimiterMemory({
      points: sendRatePerWindow,
      duration: LIMITS.sendRateWindowMs / 1000,
    });
  }

  async dispatch(caller: Caller, frame: RequestFrame): Promise<DispatchOutcome> {
    try {
      if (!isOp(frame.op)) throw new AppError('UNKNOWN_OP', `There is no operation "${frame.op}".`);
      await this.limit(this.requestLimiter, caller.connectionId, 'Too many requests');
      if (frame.op === 'messages.send')
        await this.limit(this.sendLimiter, caller.connectionId, 'Sending too fast');
      const parsed = OPS[frame.op].params.safeParse(frame.params ?? {});
      if (!parsed.success) throw validationError(parsed.error, `params for ${frame.op}`);
      const result = await this.run(frame.op, caller, parsed.data);
      return { ok: true, result };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toBody() };
      this.log.error({ err: error, op: frame.op, userId: caller.userId }, 'request failed');
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong on the server; try again.' },
      };
    }
  }

  private run<O extends Op>(op: O, caller: Caller, params: OpParsedParams<O>): Promise<unknown> {
    const handler = this.handlers[op] as OpHandler<O>;
    return handler(caller, params);
  }

  private async limit(limiter: RateLimiterMemory, key: string, what: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      const retryAfterMs = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 1000;
      throw new AppError('RATE_LIMITED', `${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, {
        retryAfterMs,
      });
    }
  }

  forget(connectionId: string): void {
    void this.requestLimiter.delete(connectionId);
    void this.sendLimiter.delete(connectionId);
  }
}
