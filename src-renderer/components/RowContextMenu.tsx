import type { Me } from '../../src-shared/domain.ts';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { useConversationMenu } from '../hooks/useConversationMenu.ts';
import { conversationTitle } from '../lib/conversation.ts';
import { MenuList } from './MenuList.tsx';
import type { MenuAnchor, MenuClose } from './MenuList.tsx';

/** A list row's context menu: mark read or unread, mute, hide, and mark all as read. */
export function RowContextMenu({
  conversation,
  me,
  anchor,
  onClose,
}: {
  conversation: ConversationView;
  me: Me;
  anchor: MenuAnchor;
  onClose: (why: MenuClose) => void;
}) {
  const items = useConversationMenu(conversation, me, 'row');
  return (
    <MenuList
      items={items}
      label={`Actions for ${conversationTitle(conversation, me.id)}`}
      anchor={anchor}
      onClose={onClose}
    />
  );
}
