import type { Random } from './random.ts';

/**
 * Filler for the older part of each demo conversation: producer-community small talk built from a few
 * templates, so a few hundred messages do not read as the same ten lines on repeat. The newest messages of
 * each conversation are scripted (see script.ts), because those are the ones a newcomer actually reads.
 */
const TRACKS = [
  'Midnight Drive',
  'Glass Hour',
  'Velvet',
  'the lo-fi flip',
  'that trap sketch',
  'the 140 riddim',
  'the jersey club edit',
  'the boom bap one',
  'Neon Rain',
  'track 3',
];
const ELEMENTS = [
  '808',
  'hi-hats',
  'kick',
  'snare',
  'vocal chop',
  'pad',
  'bassline',
  'Rhodes',
  'reverb tail',
  'low end',
  'hook',
  'counter melody',
];
const PARTS = ['intro', 'bridge', 'drop', 'second verse', 'outro', 'breakdown'];
const GOOD = ['so warm', 'crunchy in a good way', 'wide', 'clean', 'perfect', 'hitting hard'];
const BAD = ['muddy', 'too busy', 'a bit harsh', 'buried', 'too loud', 'fighting the kick'];
const PLUGINS = ['Serum', 'Vital', 'OTT', 'Decapitator', 'Valhalla', 'RC-20', 'Pro-Q', 'Soothe'];
const KEYS = ['F minor', 'A minor', 'C# minor', 'G major', 'D minor', 'E♭ major'];
const GENRES = ['drill', 'lo-fi', 'house', 'trap', 'UK garage', 'boom bap'];
const SHORT = [
  'listening now',
  'haha yes',
  'facts',
  'sending a bounce in 5',
  "I'm down",
  'love that',
  'say less',
  'ok ok I see you',
  '🔥🔥',
  'lol',
  'bet',
  'one sec, rendering',
];

type Template = (r: Random) => string;

const TEMPLATES: readonly Template[] = [
  (r) => `the ${r.pick(ELEMENTS)} on ${r.pick(TRACKS)} is ${r.pick(GOOD)}`,
  (r) => `the ${r.pick(ELEMENTS)} on ${r.pick(TRACKS)} is ${r.pick(BAD)} on my monitors`,
  (r) => `can you send me the stems for ${r.pick(TRACKS)}?`,
  (r) => `bounced a new version of ${r.pick(TRACKS)}, check the ${r.pick(ELEMENTS)}`,
  (r) => `what bpm is ${r.pick(TRACKS)}? ${r.int(70, 175)}?`,
  (r) => `I'd pull the ${r.pick(ELEMENTS)} back like ${r.int(1, 4)} dB`,
  (r) => `try a high-pass on the ${r.pick(ELEMENTS)} around ${r.pick([80, 120, 150, 200, 250])} Hz`,
  (r) => `${r.pick(TRACKS)} is sounding ${r.pick(GOOD)} now`,
  (r) => `yo that ${r.pick(ELEMENTS)} though`,
  (r) => `uploading ${r.pick(TRACKS)} v${r.int(2, 9)} to the drive`,
  (r) => `been stuck on the ${r.pick(PARTS)} of ${r.pick(TRACKS)} all night`,
  (r) => `anyone got a good ${r.pick(GENRES)} drum kit?`,
  (r) => `sidechain the ${r.pick(ELEMENTS)} to the kick, trust me`,
  (r) => `what's on the ${r.pick(ELEMENTS)}? just ${r.pick(PLUGINS)}?`,
  (r) => `just ${r.pick(PLUGINS)}, nothing crazy`,
  (r) => `tempo's ${r.int(80, 170)}, key is ${r.pick(KEYS)}`,
  (r) => `gonna resample that ${r.pick(ELEMENTS)} and chop it`,
  (r) => `tag me when ${r.pick(TRACKS)} drops`,
  (r) => `the ${r.pick(PARTS)} needs something, maybe a riser?`,
  (r) => `nah the first version of the ${r.pick(PARTS)} hit harder`,
  (r) => `sounds great in the car, ${r.pick(BAD)} on earbuds though`,
  (r) => r.pick(SHORT),
  (r) => r.pick(SHORT),
];

export function chatterLine(r: Random): string {
  return r.pick(TEMPLATES)(r);
}
