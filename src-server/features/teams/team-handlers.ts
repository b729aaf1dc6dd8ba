// PLACEHOLDER: replaced by the real implementation in this session.
import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, ServerContext } from '../../context.ts';

type Ops = 'teams.list' | 'teams.create' | 'teams.addMember' | 'teams.removeMember';

export function teamHandlers(_ctx: ServerContext): Pick<OpHandlers, Ops> {
  const missing = async (): Promise<never> => {
    throw new AppError('UNKNOWN_OP', 'Not built yet.');
  };
  const ops: Ops[] = ['teams.list', 'teams.create', 'teams.addMember', 'teams.removeMember'];
  return Object.fromEntries(ops.map((op) => [op, missing])) as unknown as Pick<OpHandlers, Ops>;
}
