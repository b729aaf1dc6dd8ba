import { Icon } from './Icon.tsx';
import type { IconName } from './Icon.tsx';

/** An icon button with a count badge; its name says the count ("Notifications, 3 unread"). */
export function BadgeButton({
  icon,
  label,
  count,
  countWord,
  onClick,
  testId,
}: {
  icon: IconName;
  label: string;
  count: number;
  countWord: string;
  onClick: () => void;
  testId?: string;
}) {
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={count > 0 ? `${label}, ${count} ${countWord}` : label}
      title={label}
      data-testid={testId}
      onClick={onClick}
    >
      <Icon name={icon} />
      {count > 0 && (
        <span className="dot-badge" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </button>
  );
}
