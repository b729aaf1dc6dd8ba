/**
 * Text from other people (names, titles, message bodies) in its own bidirectional island: `<bdi>` with
 * `unicode-bidi: isolate`, so right-to-left text or stray bidi controls (U+202A–U+202E, U+2066–U+2069)
 * cannot reorder the words around it. The controls themselves are neutralised first (`neutraliseBidi`).
 */
import { neutraliseBidi } from '../lib/bidi.ts';

export function Isolated({ text, className }: { text: string; className?: string }) {
  return <bdi className={className}>{neutraliseBidi(text)}</bdi>;
}
