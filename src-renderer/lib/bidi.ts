/**
 * Bidirectional formatting controls: embeddings and overrides (U+202A–U+202E) and isolates
 * (U+2066–U+2069). Unbalanced ones in a name or a message can flip the order of the text after them,
 * which an attacker can use to make "gpj.exe" read "exe.jpg" or to scramble the UI around a name.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Removes every bidi control: the letters stay, only their power to reorder goes. Right-to-left text
 * itself (Arabic, Hebrew) is untouched; `<bdi>` / `unicode-bidi: isolate` keeps it in its own island.
 */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
