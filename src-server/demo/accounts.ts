import type { Role } from '../../src-shared/domain.ts';

/**
 * The demo's well-known accounts. Passwords are public on purpose (README, `npm start` prints them): a
 * demo database is for trying the app, never for real people.
 */
export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  /** Claimed producer pages make their owner a `producer` (see createProducerPage), so only these two. */
  readonly role: Extract<Role, 'user' | 'moderator'>;
  /** What the account is for, as `npm start` prints it. */
  readonly note: string;
}

export const DEMO_USERNAME = 'demo' satisfies DemoUsername;
/** The demo producer who answers direct messages (typing, delivered, seen, reply). */
export const DEMO_BOT_USERNAME = 'nova' satisfies DemoUsername;

export const DEMO_ACCOUNTS = [
  {
    username: 'demo',
    displayName: 'Demo Producer',
    password: 'demo-password',
    role: 'user',
    note: 'start here',
  },
  {
    username: 'nova',
    displayName: 'Nova Reyes',
    password: 'nova-password',
    role: 'user',
    note: 'Nova Waves page; answers DMs',
  },
  {
    username: 'kaito',
    displayName: 'Kaito Mori',
    password: 'kaito-password',
    role: 'user',
    note: 'Kaito Beats page; your team',
  },
  {
    username: 'lena',
    displayName: 'Lena Park',
    password: 'lena-password',
    role: 'user',
    note: 'mix engineer; your team',
  },
  {
    username: 'zoe',
    displayName: 'Zoe Adler',
    password: 'zoe-password',
    role: 'user',
    note: 'runs the Sample Swap group',
  },
  {
    username: 'marcus',
    displayName: 'Marcus Hale',
    password: 'marcus-password',
    role: 'user',
    note: 'in Sample Swap',
  },
  {
    username: 'rico',
    displayName: 'Rico Valdez',
    password: 'rico-password',
    role: 'user',
    note: 'sent demo a message request',
  },
  {
    username: 'mod',
    displayName: 'Mia (Moderator)',
    password: 'mod-password',
    role: 'moderator',
    note: 'moderator',
  },
] as const satisfies readonly DemoAccount[];

export type DemoUsername = (typeof DEMO_ACCOUNTS)[number]['username'];

/** Producer pages; an owner claims the page (and so becomes a `producer`). */
export const DEMO_PAGES = [
  {
    slug: 'nova-waves',
    name: 'Nova Waves',
    owner: 'nova',
    bio: 'Synthwave and late-night drive music. Midnight Drive out now.',
  },
  {
    slug: 'kaito-beats',
    name: 'Kaito Beats',
    owner: 'kaito',
    bio: 'Lo-fi, boom bap and whatever the sampler finds at 3 am.',
  },
  { slug: 'metro-gloom', name: 'Metro Gloom', owner: null, bio: 'Dark trap and drill instrumentals.' },
  {
    slug: 'sable-keys',
    name: 'Sable Keys',
    owner: null,
    bio: 'Neo-soul chords, live keys, free loops every Friday.',
  },
  { slug: '808-orchard', name: '808 Orchard', owner: null, bio: 'Drum kits and one-shots, grown locally.' },
] as const satisfies readonly { slug: string; name: string; owner: DemoUsername | null; bio: string }[];
export type DemoPageSlug = (typeof DEMO_PAGES)[number]['slug'];
