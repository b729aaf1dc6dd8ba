import { avatarTone, initials } from '../lib/conversation.ts';

/** Initials on a colour that belongs to the person (or group); decorative next to a visible name. */
export function Avatar({
  id,
  name,
  size = 'md',
  group = false,
}: {
  id: string;
  name: string;
  size?: 'sm' | 'md' | 'lg';
  group?: boolean;
}) {
  return (
    <span
      className={`avatar avatar--${size} avatar--tone${avatarTone(id)}${group ? ' avatar--group' : ''}`}
      aria-hidden="true"
    >
      {initials(name) || '?'}
    </span>
  );
}
