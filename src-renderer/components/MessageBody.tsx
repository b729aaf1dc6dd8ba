import { Fragment } from 'react';
import { neutraliseBidi } from '../lib/bidi.ts';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Message text with line breaks kept and http(s) links made clickable (opened outside the app). */
export function MessageBody({ body: raw, tabIndex }: { body: string; tabIndex: number }) {
  // Bidi controls cannot reorder the UI around the message: removed, and the paragraph is its own
  // direction island (dir="auto" isolates it), so right-to-left text still reads right.
  const body = neutraliseBidi(raw);
  const parts: { text: string; href: string | null }[] = [];
  let last = 0;
  for (const match of body.matchAll(URL_RE)) {
    const at = match.index;
    if (at > last) parts.push({ text: body.slice(last, at), href: null });
    parts.push({ text: match[0], href: match[0] });
    last = at + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last), href: null });
  return (
    <p className="msg__body" dir="auto">
      {parts.map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noreferrer noopener" tabIndex={tabIndex}>
            {part.text}
          </a>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </p>
  );
}
