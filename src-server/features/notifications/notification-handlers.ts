// PLACEHOLDER: replaced by the real implementation in this session.
import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, ServerContext } from '../../context.ts';

type Ops = 'prefs.get' | 'prefs.set' | 'notifications.list' | 'notifications.markRead';

export function notificationHandlers(_ctx: ServerContext): Pick<OpHandlers, Ops> {
  const missing = async (): Promise<never> => {
    throw new AppError('UNKNOWN_OP', 'Not built yet.');
  };
  const ops: Ops[] = ['prefs.get', 'prefs.set', 'notifications.list', 'notifications.markRead'];
  return Object.fromEntries(ops.map((op) => [op, missing])) as unknown as Pick<OpHandlers, Ops>;
}
