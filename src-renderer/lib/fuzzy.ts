/**
 * A small fuzzy matcher for the quick switcher: the query's characters must appear in order in the text
 * (case- and accent-insensitive). Matches score higher when they start words, run together, or start the
 * text; a gap between matched characters costs a little. Returns the matched positions for highlighting.
 */
export interface FuzzyMatch {
  score: number;
  /** Indexes (UTF-16) into the original text of the matched characters. */
  positions: number[];
}

const foldChar = (c: string): string =>
  c
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** The folded text and, for each of its characters, the index of the original character it came from. */
function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i] ?? '');
    for (const ch of f) {
      folded += ch;
      origin.push(i);
    }
  }
  return { folded, origin };
}

function isWordStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text[i - 1] ?? '';
  const here = text[i] ?? '';
  if (/[\s\-_.@/(),:]/.test(prev)) return true;
  return prev === prev.toLowerCase() && prev !== prev.toUpperCase() && here !== here.toLowerCase();
}

function isSubsequence(q: string, t: string, from: number): boolean {
  let j = from;
  for (const ch of q) {
    j = t.indexOf(ch, j);
    if (j < 0) return false;
    j += 1;
  }
  return true;
}

/** Matches `query` against `text`; null when it does not match. An empty query matches everything with 0. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = foldWithMap(query.trim()).folded;
  if (q.length === 0) return { score: 0, positions: [] };
  const { folded: t, origin } = foldWithMap(text);
  const starts = (i: number) => isWordStart(text, origin[i] ?? 0);
  const toOriginal = (ps: number[]) => [...new Set(ps.map((p) => origin[p] ?? 0))];

  // A contiguous substring is the strongest signal.
  const sub = t.indexOf(q);
  if (sub >= 0) {
    let score = 100 + q.length * 10 - Math.min(sub, 20);
    if (sub === 0) score += 50;
    else if (starts(sub)) score += 30;
    if (t.length === q.length) score += 25;
    return { score, positions: toOriginal(Array.from({ length: q.length }, (_, k) => sub + k)) };
  }

  // A subsequence: take each character as early as possible, but jump to a word start when that still
  // leaves the rest of the query matchable.
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  for (let k = 0; k < q.length; k++) {
    const ch = q[k] ?? '';
    const last = positions[positions.length - 1];
    let at = t.indexOf(ch, from);
    if (at < 0) return null;
    if (!(last !== undefined && at === last + 1) && !starts(at)) {
      for (let i = at + 1; i < t.length; i++) {
        if (t[i] === ch && starts(i) && isSubsequence(q.slice(k + 1), t, i + 1)) {
          at = i;
          break;
        }
      }
    }
    if (last !== undefined && at === last + 1) score += 15;
    else if (last !== undefined) score -= Math.min(at - last - 1, 10);
    if (starts(at)) score += 20;
    if (at === 0) score += 10;
    score += 5;
    positions.push(at);
    from = at + 1;
  }
  return { score, positions: toOriginal(positions) };
}

export interface Ranked<T> {
  item: T;
  match: FuzzyMatch;
  /** Which of the item's fields matched best (0 = the first, its title). */
  field: number;
}

/** Ranks items by their best matching field; non-matching items are dropped. Stable for equal scores. */
export function fuzzyRank<T>(
  query: string,
  items: readonly T[],
  fields: (item: T) => readonly string[],
): Ranked<T>[] {
  const ranked: (Ranked<T> & { order: number })[] = [];
  items.forEach((item, order) => {
    let best: Ranked<T> | null = null;
    fields(item).forEach((text, field) => {
      const match = fuzzyMatch(query, text);
      if (!match) return;
      // Secondary fields (usernames, participants) count a little less than the title.
      const score = match.score - (field > 0 ? 5 : 0);
      if (!best || score > best.match.score) best = { item, match: { ...match, score }, field };
    });
    if (best) ranked.push({ ...(best as Ranked<T>), order });
  });
  ranked.sort((a, b) => b.match.score - a.match.score || a.order - b.order);
  return ranked.map(({ item, match, field }) => ({ item, match, field }));
}
