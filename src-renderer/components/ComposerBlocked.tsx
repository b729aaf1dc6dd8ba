import type { ComposerBlock } from '../lib/conversation.ts';
import { Icon } from './Icon.tsx';

/** Shown in place of the composer when sending is not possible, with the reason. */
export function ComposerBlocked({ block }: { block: ComposerBlock }) {
  const icon =
    block.kind === 'waiting_for_acceptance' ? 'clock' : block.kind === 'community_muted' ? 'shield' : 'lock';
  return (
    <div
      className={`composer-blocked composer-blocked--${block.kind}`}
      role="status"
      data-testid="composer-blocked"
      data-reason={block.kind}
    >
      <Icon name={icon} size={16} />
      <span>{block.text}</span>
    </div>
  );
}
