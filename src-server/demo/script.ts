import type { DemoUsername } from './accounts.ts';

/** One scripted message: who says it. */
export type Line = readonly [DemoUsername, string];

/**
 * The demo's conversations. `filler` older messages come first (chatter.ts), then `tail`, the newest,
 * scripted. `demoUnread` of the tail's last messages are left unread by the demo user (all by others);
 * everyone else has read everything.
 */
export interface ConversationScript {
  readonly key: string;
  readonly members: readonly DemoUsername[];
  readonly filler: number;
  readonly tail: readonly Line[];
  /** How long before seeding the last message was sent. */
  readonly endAgoMinutes: number;
  readonly demoUnread: number;
}

const HOUR = 60;

export const TEAM_NAME = 'Late Night Sessions';
export const TEAM_MEMBERS: readonly DemoUsername[] = ['kaito', 'demo', 'lena'];
export const GROUP_TITLE = 'Sample Swap';

export const TEAM_SCRIPT: ConversationScript = {
  key: 'team',
  members: TEAM_MEMBERS,
  filler: 110,
  endAgoMinutes: 8,
  demoUnread: 3,
  tail: [
    ['kaito', 'ok team, beat tape tracklist is in the drive'],
    ['lena', 'mixed tracks 1–4, 5 still needs vocals'],
    ['demo', 'I’ll finish the bridge on 5 tonight'],
    ['kaito', 'bet. deadline for the label is Friday'],
    ['lena', 'the low end on track 3 was fighting the kick, I notched it at 60 Hz'],
    ['demo', 'sounds way tighter now'],
    ['kaito', 'Nova said she might jump on a remix 👀'],
    ['lena', 'let’s get masters to her by Thursday then'],
    ['kaito', 'who’s handling artwork?'],
    ['lena', 'my friend Ines can do it, sending her the brief'],
    ['kaito', 'new bounce of track 5 is up'],
    ['lena', 'vocals sit really nicely now'],
    ['kaito', 'demo, can you check the outro before we send it?'],
  ],
};

export const GROUP_SCRIPT: ConversationScript = {
  key: 'group',
  members: ['zoe', 'demo', 'marcus', 'kaito'],
  filler: 90,
  endAgoMinutes: 40,
  demoUnread: 5,
  tail: [
    ['zoe', 'weekly swap! drop one sample, flip someone else’s'],
    ['marcus', 'uploaded a dusty soul loop, 92 bpm, D minor'],
    ['kaito', 'claiming marcus’s loop 🙋'],
    ['demo', 'I’ll take zoe’s field recording'],
    ['zoe', 'rules: 48 hours, no extra samples, anything goes for drums'],
    ['marcus', 'kaito already sent a flip?? that was fast'],
    ['kaito', 'couldn’t sleep lol'],
    ['zoe', 'ok that flip is nasty'],
    ['marcus', 'demo where’s yours 👀'],
    ['zoe', 'no pressure, Sunday is the deadline'],
    ['kaito', 'someone remind me to credit marcus on the upload'],
    ['marcus', 'next week I’m bringing a cursed kazoo loop, be ready'],
    ['zoe', 'please no'],
  ],
};

export const DIRECT_SCRIPTS: readonly ConversationScript[] = [
  {
    key: 'kaito',
    members: ['kaito', 'demo'],
    filler: 45,
    endAgoMinutes: HOUR,
    demoUnread: 2,
    tail: [
      ['kaito', 'yo did you get a chance to hear the new one?'],
      ['demo', 'yeah the chords are crazy, what synth?'],
      ['kaito', 'Vital with way too much OTT lol'],
      ['demo', 'figures 😂'],
      ['kaito', 'wanna co-produce the next one?'],
      ['demo', '100%, send me a starter'],
      ['kaito', 'sent you a 16-bar idea, 140 bpm'],
      ['kaito', 'no drums yet, go wild'],
    ],
  },
  {
    key: 'lena',
    members: ['demo', 'lena'],
    filler: 30,
    endAgoMinutes: 20 * HOUR,
    demoUnread: 0,
    tail: [
      ['demo', 'thanks for the mix notes!'],
      ['lena', 'anytime. your 808 was clipping into the master btw'],
      ['demo', 'ahh that’s why it sounded crunchy'],
      ['lena', 'soft clipper before the limiter, and leave 1–2 dB of headroom'],
      ['demo', 'will do, new bounce tomorrow'],
      ['lena', '👍'],
    ],
  },
  {
    key: 'nova',
    members: ['demo', 'nova'],
    filler: 0,
    endAgoMinutes: 2 * 24 * HOUR,
    demoUnread: 0,
    tail: [
      ['demo', 'Hey Nova, huge fan of Midnight Drive!'],
      ['nova', 'thank you!! that one took forever'],
      ['demo', 'any tips for getting pads that wide?'],
      ['nova', 'layer two detuned saws, add chorus, then keep everything under 150 Hz mono'],
      ['demo', 'trying that tonight'],
      ['nova', 'send me what you make 🎧'],
    ],
  },
  {
    // Not the demo user's: there so that signing in as kaito or lena shows a lived-in list too.
    key: 'kaito-lena',
    members: ['kaito', 'lena'],
    filler: 20,
    endAgoMinutes: 3 * HOUR,
    demoUnread: 0,
    tail: [
      ['kaito', 'lena can you master the single?'],
      ['lena', 'yep, send a 24-bit wav with 6 dB of headroom'],
      ['kaito', 'on it'],
    ],
  },
];

/** The pending request *to* the demo user: one message, not yet accepted. */
export const REQUEST_FROM: DemoUsername = 'rico';
export const REQUEST_BODY =
  'Hey! Heard your flip in the Sample Swap, would you be down to collab on a track? I’ve got vocals ready.';
export const REQUEST_AGO_MINUTES = 25;
