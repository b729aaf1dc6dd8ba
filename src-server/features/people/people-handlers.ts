// PLACEHOLDER: replaced by the real implementation in this session.
import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, ServerContext } from '../../context.ts';

type Ops = 'me.get' | 'users.search' | 'users.get' | 'users.follow' | 'users.unfollow' | 'users.followers' | 'users.following';

export function peopleHandlers(_ctx: ServerContext): Pick<OpHandlers, Ops> {
  const missing = async (): Promise<never> => {
    throw new AppError('UNKNOWN_OP', 'Not built yet.');
  };
  const ops: Ops[] = ['me.get', 'users.search', 'users.get', 'users.follow', 'users.unfollow', 'users.followers', 'users.following'];
  return Object.fromEntries(ops.map((op) => [op, missing])) as unknown as Pick<OpHandlers, Ops>;
}
