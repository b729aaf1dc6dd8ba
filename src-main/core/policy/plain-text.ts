/**
 * Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In text the OS draws for
 * us (notifications, tray menu labels) they would reorder what follows them: "Dana" + RLO + "txt.exe"
 * reads as "Dana exe.txt". The renderer isolates names and messages in the UI; here, where no isolation
 * is possible, they are removed.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
