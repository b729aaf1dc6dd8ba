// PLACEHOLDER: replaced by the real implementation in this session.
import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, ServerContext } from '../../context.ts';

type Ops = 'reports.message' | 'reports.user' | 'moderation.reports' | 'moderation.resolve' | 'moderation.mute' | 'moderation.unmute';

export function reportHandlers(_ctx: ServerContext): Pick<OpHandlers, Ops> {
  const missing = async (): Promise<never> => {
    throw new AppError('UNKNOWN_OP', 'Not built yet.');
  };
  const ops: Ops[] = ['reports.message', 'reports.user', 'moderation.reports', 'moderation.resolve', 'moderation.mute', 'moderation.unmute'];
  return Object.fromEntries(ops.map((op) => [op, missing])) as unknown as Pick<OpHandlers, Ops>;
}
