import { AppError, validationError } from '../../src-shared/errors.ts';
import type { ErrorBody } from '../../src-shared/errors.ts';
import { OPS, isOp } from '../../src-shared/protocol.ts';
import type { Op, OpParsedParams, RequestFrame } from '../../src-shared/protocol.ts';
import type { Caller, OpHandler, OpHandlers } from '../context.ts';
import type { ServerLimits } from '../limits/server-limits.ts';
import type { Throttle } from '../limits/throttle.ts';
import type { Logger } from '../log.ts';
import { durableOnCommit } from '../store/durability.ts';
import type { Durability } from '../store/durability.ts';

export type DispatchOutcome = { ok: true; result: unknown } | { ok: false; error: ErrorBody };

/** What a client hears when something failed that is not theirs to fix. */
export const INTERNAL_ERROR: ErrorBody = {
  code: 'INTERNAL',
  message: 'Something went wrong on the server; try again.',
};

/**
 * The answer to a request that failed: a broken rule (`AppError`) as its own body; anything else is logged
 * here with the request and answered INTERNAL. The dispatcher's, and the store thread's (store-thread/).
 */
export function errorAnswer(
  error: unknown,
  log: Pick<Logger, 'error'>,
  request: { readonly op: string; readonly userId: string },
): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  log.error({ err: error, ...request }, 'request failed');
  return INTERNAL_ERROR;
}

/** The dispatcher's part of the server limits: every budget is per user, across all of their sockets. */
export type RequestLimits = Pick<ServerLimits, 'requests' | 'sends' | 'typing' | 'search'>;

/**
 * Validates a request, applies the per-user rate limits, runs its handler, and turns any failure into an
 * error body. Nothing a client sends can make this throw.
 */
export class Dispatcher {
  private readonly handlers: OpHandlers;
  private readonly log: Logger;
  private readonly limits: RequestLimits;
  /** Ops with a budget of their own, on top of the request budget. */
  private readonly opBudgets: Partial<Record<Op, Throttle>>;
  private readonly durability: Durability;

  /** `durability`: an answer waits until what its handler wrote or read is on disk (store/durability.ts). */
  constructor(
    handlers: OpHandlers,
    log: Logger,
    limits: RequestLimits,
    durability: Durability = durableOnCommit,
  ) {
    this.handlers = handlers;
    this.log = log;
    this.limits = limits;
    this.durability = durability;
    this.opBudgets = {
      'messages.send': limits.sends,
      'typing.set': limits.typing,
      'users.search': limits.search,
    };
  }

  /**
   * `started` is called as soon as the handler has been called: a handler that overlaps with the requests
   * behind it on its socket (`messages.send`) has queued its unit of work by then, in its synchronous part
   * (realtime/request-pipeline.ts). Whoever runs the request also calls it when the request ends earlier.
   */
  async dispatch(
    caller: Caller,
    frame: RequestFrame,
    started: () => void = () => {},
  ): Promise<DispatchOutcome> {
    try {
      if (!isOp(frame.op)) throw new AppError('UNKNOWN_OP', `There is no operation "${frame.op}".`);
      await this.limits.requests.consume(caller.userId);
      await this.opBudgets[frame.op]?.consume(caller.userId);
      const parsed = OPS[frame.op].params.safeParse(frame.params ?? {});
      if (!parsed.success) throw validationError(parsed.error, `params for ${frame.op}`);
      const { op } = frame;
      const pending = this.durability.track(() => this.run(op, caller, parsed.data));
      started();
      const result = await pending;
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: errorAnswer(error, this.log, { op: frame.op, userId: caller.userId }) };
    }
  }

  private run<O extends Op>(op: O, caller: Caller, params: OpParsedParams<O>): Promise<unknown> {
    const handler = this.handlers[op] as OpHandler<O>;
    return handler(caller, params);
  }
}
