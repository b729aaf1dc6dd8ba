import type { ReactNode } from 'react';

/** Text with the matched character positions marked (quick switcher, search results). */
export function Highlight({ text, positions }: { text: string; positions: readonly number[] }) {
  if (positions.length === 0) return <>{text}</>;
  const set = new Set(positions);
  const out: ReactNode[] = [];
  let run = '';
  let marked = false;
  const flush = (key: number) => {
    if (!run) return;
    out.push(marked ? <mark key={key}>{run}</mark> : run);
    run = '';
  };
  for (let i = 0; i < text.length; i++) {
    const m = set.has(i);
    if (m !== marked) {
      flush(i);
      marked = m;
    }
    run += text[i];
  }
  flush(text.length);
  return <>{out}</>;
}

/** Positions of every case-insensitive occurrence of `query` in `text` (search snippets). */
export function findAll(text: string, query: string): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const t = text.toLowerCase();
  const out: number[] = [];
  let at = t.indexOf(q);
  while (at >= 0) {
    for (let k = 0; k < q.length; k++) out.push(at + k);
    at = t.indexOf(q, at + q.length);
  }
  return out;
}
