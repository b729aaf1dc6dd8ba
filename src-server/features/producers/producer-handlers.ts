import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, HandlerContext } from '../../context.ts';
import { newId } from '../../ids.ts';
import { notify } from '../notifications/notify.ts';
import { requireUser } from '../people/profile.ts';
import { loadUserSummary } from '../people/user-view.ts';
import {
  loadFollowersOfProducer,
  loadProducerPage,
  loadProducerPages,
  requireProducerPage,
} from './producer-view.ts';

type Ops =
  | 'producers.get'
  | 'producers.follow'
  | 'producers.unfollow'
  | 'producers.followers'
  | 'producers.liked'
  | 'producers.publishUpload'
  | 'playlists.invite';

/** Producer pages (the "like" follow of an artist), their uploads, and playlist invites. */
export function producerHandlers(ctx: HandlerContext): Pick<OpHandlers, Ops> {
  const { db, work } = ctx;

  return {
    'producers.get': async (caller, { producerId }) => ({
      producer: await loadProducerPage(db, caller.userId, producerId),
    }),

    'producers.follow': (caller, { producerId }) =>
      work.run(async (w) => {
        await requireProducerPage(w.trx, producerId);
        // Liking twice is a no-op: the primary key decides, also between concurrent requests.
        await w.trx
          .insertInto('producer_follows')
          .values({ user_id: caller.userId, producer_id: producerId, created_at: w.now })
          .onConflict((oc) => oc.columns(['user_id', 'producer_id']).doNothing())
          .execute();
        return { producer: await loadProducerPage(w.trx, caller.userId, producerId) };
      }),

    'producers.unfollow': (caller, { producerId }) =>
      work.run(async (w) => {
        await requireProducerPage(w.trx, producerId);
        await w.trx
          .deleteFrom('producer_follows')
          .where('user_id', '=', caller.userId)
          .where('producer_id', '=', producerId)
          .execute();
        return { producer: await loadProducerPage(w.trx, caller.userId, producerId) };
      }),

    'producers.followers': async (_caller, { producerId }) => {
      await requireProducerPage(db, producerId);
      return { users: await loadFollowersOfProducer(db, producerId) };
    },

    'producers.liked': async (caller) => {
      const liked = await db
        .selectFrom('producer_follows')
        .select('producer_id')
        .where('user_id', '=', caller.userId)
        .orderBy('created_at', 'desc')
        .orderBy('producer_id', 'desc')
        .execute();
      return {
        producers: await loadProducerPages(
          db,
          caller.userId,
          liked.map((r) => r.producer_id),
        ),
      };
    },

    'producers.publishUpload': (caller, { producerId, title }) =>
      work.run(async (w) => {
        const page = await requireProducerPage(w.trx, producerId);
        if (page.claimed_by_user_id !== caller.userId) {
          throw new AppError(
            'NOT_PAGE_OWNER',
            'Only the account that claimed this producer page can publish to it.',
          );
        }
        const uploadId = newId();
        await w.trx
          .insertInto('uploads')
          .values({ id: uploadId, producer_id: producerId, title, created_at: w.now })
          .execute();
        const followers = await w.trx
          .selectFrom('producer_follows')
          .select('user_id')
          .where('producer_id', '=', producerId)
          .where('user_id', '<>', caller.userId)
          .execute();
        // In the same transaction as the upload: followers are told exactly when the upload exists.
        for (const { user_id: userId } of followers) {
          await notify(w, userId, {
            kind: 'new_upload',
            producerPageId: producerId,
            producerName: page.name,
            uploadId,
            title,
          });
        }
        return { uploadId };
      }),

    'playlists.invite': (caller, { userId, playlistName }) =>
      work.run(async (w) => {
        if (userId === caller.userId) {
          throw new AppError('VALIDATION_FAILED', 'You cannot invite yourself to a playlist.', {
            issues: [{ path: 'userId', message: 'cannot be yourself' }],
          });
        }
        await requireUser(w.trx, userId);
        const inviter = await w.trx
          .selectFrom('users')
          .select('community_muted')
          .where('id', '=', caller.userId)
          .executeTakeFirstOrThrow();
        // An invite puts the inviter's text (the playlist name) in someone's notifications, like a message does.
        if (Number(inviter.community_muted) === 1) {
          throw new AppError(
            'COMMUNITY_MUTED',
            'Moderators have muted you in the community, so you cannot send invites.',
          );
        }
        const playlistId = newId();
        await w.trx
          .insertInto('playlists')
          .values({ id: playlistId, owner_id: caller.userId, name: playlistName, created_at: w.now })
          .execute();
        const from = await loadUserSummary(w.trx, caller.userId);
        if (from) await notify(w, userId, { kind: 'playlist_invite', from, playlistId, playlistName });
        return { playlistId };
      }),
  };
}
