// PLACEHOLDER: replaced by the real implementation in this session.
import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, ServerContext } from '../../context.ts';

type Ops = 'producers.get' | 'producers.follow' | 'producers.unfollow' | 'producers.followers' | 'producers.liked' | 'producers.publishUpload' | 'playlists.invite';

export function producerHandlers(_ctx: ServerContext): Pick<OpHandlers, Ops> {
  const missing = async (): Promise<never> => {
    throw new AppError('UNKNOWN_OP', 'Not built yet.');
  };
  const ops: Ops[] = ['producers.get', 'producers.follow', 'producers.unfollow', 'producers.followers', 'producers.liked', 'producers.publishUpload', 'playlists.invite'];
  return Object.fromEntries(ops.map((op) => [op, missing])) as unknown as Pick<OpHandlers, Ops>;
}
