import type { Me } from '../../src-shared/domain.ts';
import { assertNever } from '../../src-shared/constants.ts';
import type { Overlay } from '../model/ui-state.ts';
import { ConfirmBlockDialog } from './ConfirmBlockDialog.tsx';
import { ConfirmConversationDialog } from './ConfirmConversationDialog.tsx';
import { ModerationPanel } from './ModerationPanel.tsx';
import { NewMessageDialog } from './NewMessageDialog.tsx';
import { NotificationsPanel } from './NotificationsPanel.tsx';
import { PeopleListDialog } from './PeopleListDialog.tsx';
import { ProducerPage } from './ProducerPage.tsx';
import { QuickSwitcher } from './QuickSwitcher.tsx';
import { ReportDialog } from './ReportDialog.tsx';
import { SearchDialog } from './SearchDialog.tsx';
import { SettingsDialog } from './SettingsDialog.tsx';
import { ShortcutsOverlay } from './ShortcutsOverlay.tsx';
import { UserCard } from './UserCard.tsx';

/**
 * One overlay, by kind: every dialog and panel of the app. A chunk of its own (see OverlayHost.tsx), so none
 * of them is in the bundle the first list paint waits for.
 */
export function OverlayView({ overlay, me }: { overlay: Overlay; me: Me }) {
  switch (overlay.kind) {
    case 'quickSwitcher':
      return <QuickSwitcher me={me} />;
    case 'newMessage':
      return <NewMessageDialog me={me} />;
    case 'shortcuts':
      return <ShortcutsOverlay />;
    case 'search':
      return <SearchDialog me={me} conversationId={overlay.conversationId} />;
    case 'settings':
      return <SettingsDialog me={me} />;
    case 'notifications':
      return <NotificationsPanel />;
    case 'moderation':
      return <ModerationPanel />;
    case 'user':
      return <UserCard userId={overlay.userId} me={me} />;
    case 'producer':
      return <ProducerPage producerId={overlay.producerId} me={me} />;
    case 'people':
      return <PeopleListDialog list={overlay.list} />;
    case 'reportMessage':
      return (
        <ReportDialog
          target={{ kind: 'message', message: overlay.message, authorName: overlay.authorName }}
        />
      );
    case 'reportUser':
      return <ReportDialog target={{ kind: 'user', user: overlay.user }} />;
    case 'confirmHide':
      return <ConfirmConversationDialog conversationId={overlay.conversationId} action="hide" me={me} />;
    case 'confirmDecline':
      return <ConfirmConversationDialog conversationId={overlay.conversationId} action="decline" me={me} />;
    case 'confirmLeave':
      return <ConfirmConversationDialog conversationId={overlay.conversationId} action="leave" me={me} />;
    case 'confirmBlock':
      return <ConfirmBlockDialog user={overlay.user} requestId={overlay.requestId} />;
    default:
      return assertNever(overlay, 'overlay');
  }
}
