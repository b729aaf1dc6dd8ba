import { useEffect, useState } from 'react';
import type { Me } from '../../src-shared/domain.ts';
import type { MessageView } from '../../src-shared/ipc.ts';
import { MESSAGE_SEARCH_MIN_CHARS } from '../../src-shared/constants.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel, useStore } from '../hooks/model-context.ts';
import { useCombobox } from '../hooks/useCombobox.ts';
import { useNow } from '../hooks/useNow.ts';
import { conversationTitle } from '../lib/conversation.ts';
import { formatListTime } from '../lib/time.ts';
import { Dialog } from './Dialog.tsx';
import { findAll, Highlight } from './Highlight.tsx';

type SearchState = { query: string; scope: string | null; messages: MessageView[]; error: string | null };

/** Ctrl/Cmd+F: search the cached history (all conversations, or the open one); Enter jumps to the message. */
export function SearchDialog({ me, conversationId }: { me: Me; conversationId: string | null }) {
  const model = useModel();
  const { byId } = useStore(model.conversations.list);
  const people = useStore(model.people.known);
  const now = useNow(60_000);
  const [query, setQuery] = useState('');
  const [scoped, setScoped] = useState(conversationId !== null);
  const [result, setResult] = useState<SearchState | null>(null);
  const q = query.trim();
  const scope = scoped ? conversationId : null;
  const ready = q.length >= MESSAGE_SEARCH_MIN_CHARS;

  useEffect(() => {
    if (!ready) return;
    let live = true;
    const timer = setTimeout(() => {
      model.client
        .call('messages.search', { query: q, ...(scope ? { conversationId: scope } : {}), limit: 50 })
        .then(
          ({ messages }) => live && setResult({ query: q, scope, messages, error: null }),
          (e: unknown) => live && setResult({ query: q, scope, messages: [], error: errorMessage(e) }),
        );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [model, q, scope, ready]);

  const current = ready && result && result.query === q && result.scope === scope ? result : null;
  const messages = current?.messages ?? [];
  const combo = useCombobox({
    items: messages,
    getKey: (m) => m.clientId,
    resetKey: `${q}|${scope}|${messages.length}`,
    onPick: (m) => void model.conversations.jumpToMessage(m.conversationId, m),
  });
  const scopeConversation = conversationId ? byId.get(conversationId) : undefined;

  return (
    <Dialog title="Search messages" size="lg" placement="top" hideTitle testId="search">
      <div className="palette">
        <input
          className="palette__input"
          data-autofocus
          type="search"
          {...combo.inputProps}
          aria-label="Search messages"
          placeholder={
            scoped && scopeConversation
              ? `Search in ${conversationTitle(scopeConversation, me.id)}…`
              : 'Search all messages…'
          }
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={combo.onKeyDown}
        />
        {scopeConversation && (
          <label className="palette__scope">
            <input type="checkbox" checked={scoped} onChange={(e) => setScoped(e.target.checked)} />
            Only this conversation
          </label>
        )}
        <ul {...combo.listProps} aria-label="Matching messages" className="palette__list">
          {messages.map((m, i) => {
            const c = byId.get(m.conversationId);
            const author = m.mine ? 'You' : (people.get(m.authorId)?.displayName ?? 'Someone');
            return (
              <li
                key={m.clientId}
                {...combo.optionProps(m, i)}
                className={`search-hit${i === combo.activeIndex ? ' search-hit--active' : ''}`}
                data-testid="search-result"
              >
                <span className="search-hit__top">
                  <span className="search-hit__where">
                    {c ? conversationTitle(c, me.id) : 'Conversation'}
                  </span>
                  <span className="search-hit__time">{formatListTime(m.createdAt, now)}</span>
                </span>
                <span className="search-hit__body">
                  <strong>{author}: </strong>
                  <Highlight text={snippet(m.body, q)} positions={findAll(snippet(m.body, q), q)} />
                </span>
              </li>
            );
          })}
        </ul>
        <p className="palette__empty" role="status">
          {!ready
            ? `Type at least ${MESSAGE_SEARCH_MIN_CHARS} characters. Search covers messages stored on this computer.`
            : current?.error
              ? current.error
              : !current
                ? 'Searching…'
                : messages.length === 0
                  ? 'No messages found.'
                  : `${messages.length} ${messages.length === 1 ? 'message' : 'messages'}`}
        </p>
      </div>
    </Dialog>
  );
}

/** A window of the body around the first match, so long messages still show where they matched. */
function snippet(body: string, query: string, radius = 60): string {
  const flat = body.replace(/\s+/g, ' ');
  const at = flat.toLowerCase().indexOf(query.toLowerCase());
  if (at < 0 || flat.length <= radius * 2) return flat.slice(0, radius * 2);
  const start = Math.max(0, at - radius);
  const end = Math.min(flat.length, at + query.length + radius);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
