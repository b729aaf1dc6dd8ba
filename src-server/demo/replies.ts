/**
 * What the demo producer says back. Keyword rules first, so the answer fits what was asked often enough to
 * feel alive, then a rotation of friendly producer replies. No state beyond the rotation counter.
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  [
    /\b(collab|co-?produce|work together)\b/i,
    'I’m always down to collab! Send me a loop or a 16-bar idea and I’ll add some pads 🎹',
  ],
  [
    /\b(pad|pads|synth|serum|vital)\b/i,
    'For pads: two detuned saws, slow attack, chorus, then a long plate reverb. Keep it mono below 150 Hz.',
  ],
  [
    /\b(mix|mixing|master|mastering|loud)\b/i,
    'Mix tip: leave 6 dB of headroom before mastering and reference a track you love at the same loudness.',
  ],
  [
    /\b(808|bass|low end|kick)\b/i,
    'Let the kick and the 808 take turns: sidechain the 808 to the kick, or tune the kick to the key.',
  ],
  [/\b(bpm|tempo)\b/i, 'Most of my stuff sits between 85 and 100 bpm, Midnight Drive is 88.'],
  [
    /\b(sample|samples|loop|loops|kit)\b/i,
    'I post free loops on the Nova Waves page every month, follow it to get a ping when they drop.',
  ],
  [/\b(thanks|thank you|thx|ty)\b/i, 'Anytime! 🙌'],
  [/^\s*(hi|hey|hello|yo|sup|hiya)\b/i, 'Hey! 👋 Thanks for reaching out. What are you working on?'],
  [
    /\?\s*$/,
    'Good question! Honestly I just experiment until something sticks, but send me what you have and I’ll give you notes.',
  ],
];

const ROTATION = [
  'Love that! Send me a bounce when it’s ready 🎧',
  'Haha yes. I’m in the studio all night, so I’ll be around.',
  'That sounds fire. What DAW are you on?',
  'Noted! I’ll listen properly tomorrow morning with fresh ears.',
  'Say less 🔥',
];

export function createReplier(): (body: string) => string {
  let turn = 0;
  return (body) => {
    for (const [pattern, answer] of RULES) if (pattern.test(body)) return answer;
    const answer = ROTATION[turn % ROTATION.length] ?? 'Nice!';
    turn += 1;
    return answer;
  };
}
