import type { Me } from '../../src-shared/domain.ts';
import type { ConversationView, MuteDuration } from '../../src-shared/ipc.ts';
import { MUTE_DURATIONS } from '../../src-shared/constants.ts';
import type { MenuItem } from '../components/MenuList.tsx';
import { directPeer, isMuteActive, isRequestForMe, isUnread } from '../lib/conversation.ts';
import { MUTE_LABELS } from '../lib/mute.ts';
import { useModel } from './model-context.ts';
import { useNow } from './useNow.ts';
import { useProfile } from './useProfile.ts';

/**
 * The actions on one conversation, as menu items: the list row's context menu (`row`) and the header's
 * ⋯ menu (`header`, which also takes Follow and Search when the header is too narrow to show them).
 */
export function useConversationMenu(
  conversation: ConversationView,
  me: Me,
  where: 'row' | 'header',
  options: { narrow?: boolean } = {},
): MenuItem[] {
  const model = useModel();
  const now = useNow(60_000);
  const peer = directPeer(conversation, me.id);
  const { profile } = useProfile(where === 'header' && options.narrow && peer ? peer.id : null);
  const id = conversation.id;
  const muted = isMuteActive(conversation.mute, now);
  const mute = (duration: MuteDuration | 'off') => void model.conversations.mute(id, duration);

  const folded: MenuItem[] =
    where === 'header' && options.narrow
      ? [
          ...(profile && peer
            ? [
                {
                  label: `${profile.followedByMe ? 'Unfollow' : 'Follow'} ${peer.displayName}`,
                  group: 'header',
                  onSelect: () => void model.people.setFollow(peer.id, !profile.followedByMe),
                },
              ]
            : []),
        ]
      : [];
  const read: MenuItem =
    where === 'row' && isUnread(conversation)
      ? { label: 'Mark as read', group: 'read', onSelect: () => void model.conversations.markRead(id) }
      : { label: 'Mark as unread', group: 'read', onSelect: () => void model.conversations.markUnread(id) };
  const search: MenuItem[] =
    where === 'header'
      ? [
          {
            label: 'Search in this conversation',
            group: 'read',
            onSelect: () => model.ui.pushOverlay({ kind: 'search', conversationId: id }),
          },
        ]
      : [];
  const muteItems: MenuItem[] = [
    {
      label: 'Mute',
      group: 'mute',
      submenu: MUTE_DURATIONS.map((d) => ({ label: MUTE_LABELS[d], onSelect: () => mute(d) })),
    },
    ...(muted ? [{ label: 'Unmute', group: 'mute', onSelect: () => mute('off') }] : []),
  ];
  const people: MenuItem[] =
    where === 'header' && peer
      ? [
          {
            label: `View ${peer.displayName}'s profile`,
            group: 'people',
            onSelect: () => model.ui.pushOverlay({ kind: 'user', userId: peer.id }),
          },
          {
            label: `Report ${peer.displayName}`,
            group: 'people',
            onSelect: () => model.ui.pushOverlay({ kind: 'reportUser', user: peer }),
          },
          {
            label: `Block ${peer.displayName}…`,
            group: 'people',
            danger: true,
            onSelect: () =>
              model.ui.pushOverlay({
                kind: 'confirmBlock',
                user: peer,
                requestId: isRequestForMe(conversation, me.id) ? id : null,
              }),
          },
        ]
      : [];
  const leave: MenuItem[] =
    conversation.kind !== 'direct' && conversation.status === 'accepted'
      ? [
          {
            label: conversation.kind === 'team' ? 'Leave team…' : 'Leave group…',
            group: 'hide',
            danger: true,
            onSelect: () => model.ui.pushOverlay({ kind: 'confirmLeave', conversationId: id }),
          },
        ]
      : [];
  const hide: MenuItem = {
    label: 'Hide conversation…',
    group: 'hide',
    danger: true,
    onSelect: () => model.ui.pushOverlay({ kind: 'confirmHide', conversationId: id }),
  };
  const all: MenuItem[] =
    where === 'row'
      ? [
          {
            label: 'Mark all as read',
            group: 'all',
            keys: 'Shift+Esc',
            onSelect: () => void model.conversations.markAllRead(),
          },
        ]
      : [];
  return [...folded, read, ...search, ...muteItems, ...people, hide, ...leave, ...all];
}
