import { useMemo, useState } from 'react';
import type { Me, UserSummary } from '../../src-shared/domain.ts';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { useModel, useStore } from '../hooks/model-context.ts';
import { useConversations } from '../hooks/useConversations.ts';
import { useCombobox } from '../hooks/useCombobox.ts';
import { useUi } from '../hooks/useUi.ts';
import { useUserSearch } from '../hooks/useUserSearch.ts';
import { conversationTitle, isUnread, otherParticipants } from '../lib/conversation.ts';
import { neutraliseBidi } from '../lib/bidi.ts';
import { fuzzyRank } from '../lib/fuzzy.ts';
import type { FuzzyMatch } from '../lib/fuzzy.ts';
import { Avatar } from './Avatar.tsx';
import { Dialog } from './Dialog.tsx';
import { Highlight } from './Highlight.tsx';

type Item =
  | {
      kind: 'conversation';
      id: string;
      avatarId: string;
      title: string;
      detail: string;
      conversation: ConversationView;
      match: FuzzyMatch | null;
    }
  | {
      kind: 'person';
      id: string;
      avatarId: string;
      title: string;
      detail: string;
      user: UserSummary;
      match: FuzzyMatch | null;
    };

const MAX_ITEMS = 30;

/** Ctrl/Cmd+K: fuzzy jump to any conversation or person. Enter opens; a person opens (or starts) the direct chat. */
export function QuickSwitcher({ me }: { me: Me }) {
  const model = useModel();
  const { conversations } = useConversations();
  const { recent } = useUi();
  const people = useStore(model.people.known);
  const [query, setQuery] = useState('');
  const search = useUserSearch(query, query.trim().length >= 2);
  const meId = me.id;

  const items = useMemo<Item[]>(() => {
    const q = query.trim();
    const directPeers = new Set(
      conversations.flatMap((c) => (c.kind === 'direct' ? otherParticipants(c, meId).map((p) => p.id) : [])),
    );
    const conversationItems = conversations.map((c): Item => {
      const others = otherParticipants(c, meId);
      return {
        kind: 'conversation',
        id: c.id,
        avatarId: c.kind === 'direct' ? (others[0]?.id ?? c.id) : c.id,
        title: conversationTitle(c, meId),
        detail:
          c.kind === 'direct'
            ? `@${others[0]?.username ?? ''}`
            : c.kind === 'team'
              ? 'Team'
              : `Group · ${c.participants.length} members`,
        conversation: c,
        match: null,
      };
    });
    if (!q) {
      // Blank: recent conversations first, then unread, then the rest by activity.
      const rank = (c: ConversationView) => {
        const r = recent.indexOf(c.id);
        return r >= 0 ? r : isUnread(c) ? 1000 : 2000;
      };
      return [...conversationItems]
        .sort((a, b) =>
          a.kind === 'conversation' && b.kind === 'conversation'
            ? rank(a.conversation) - rank(b.conversation)
            : 0,
        )
        .slice(0, MAX_ITEMS);
    }
    const peopleById = new Map<string, UserSummary>();
    for (const p of people.values()) if (p.id !== meId && !directPeers.has(p.id)) peopleById.set(p.id, p);
    for (const u of search.users) if (u.id !== meId && !directPeers.has(u.id)) peopleById.set(u.id, u);
    const personItems = [...peopleById.values()].map((u): Item => ({
      kind: 'person',
      id: u.id,
      avatarId: u.id,
      title: neutraliseBidi(u.displayName),
      detail: `@${u.username}${u.producerName ? ` · ${u.producerName}` : ''}`,
      user: u,
      match: null,
    }));
    const ranked = fuzzyRank(q, [...conversationItems, ...personItems], (item) =>
      item.kind === 'conversation'
        ? [
            item.title,
            ...otherParticipants(item.conversation, meId).flatMap((p) => [p.username, p.producerName ?? '']),
          ]
        : [item.title, item.user.username, item.user.producerName ?? ''],
    );
    return ranked
      .slice(0, MAX_ITEMS)
      .map(({ item, match, field }) => ({ ...item, match: field === 0 ? match : null }));
  }, [query, conversations, people, search.users, recent, meId]);

  const combo = useCombobox({
    items,
    getKey: (item) => `${item.kind}-${item.id}`,
    resetKey: query,
    onPick: (item) => {
      if (item.kind === 'conversation') model.conversations.open(item.id);
      else void model.conversations.messageUser(item.id).then(() => model.ui.closeOverlays());
    },
  });

  return (
    <Dialog title="Jump to" size="md" placement="top" hideTitle testId="quick-switcher">
      <div className="palette">
        <input
          className="palette__input"
          data-autofocus
          {...combo.inputProps}
          aria-label="Jump to a conversation or person"
          placeholder="Jump to a conversation or person…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={combo.onKeyDown}
          spellCheck={false}
        />
        <ul {...combo.listProps} aria-label="Results" className="palette__list">
          {items.map((item, i) => (
            <li
              key={`${item.kind}-${item.id}`}
              {...combo.optionProps(item, i)}
              className={`palette__item${i === combo.activeIndex ? ' palette__item--active' : ''}`}
            >
              <Avatar
                id={item.avatarId}
                name={item.title}
                size="sm"
                group={item.kind === 'conversation' && item.conversation.kind !== 'direct'}
              />
              <span className="palette__title">
                <Highlight text={item.title} positions={item.match?.positions ?? []} />
              </span>
              <span className="palette__detail">
                {item.kind === 'person' ? `${item.detail} · Person` : item.detail}
              </span>
              {item.kind === 'conversation' && item.conversation.unreadCount > 0 && (
                <span className="count-badge">{item.conversation.unreadCount}</span>
              )}
            </li>
          ))}
        </ul>
        {items.length === 0 && (
          <p className="palette__empty" role="status">
            {search.status === 'loading' ? 'Searching…' : 'No matches.'}
          </p>
        )}
        <p className="palette__footer" aria-hidden="true">
          <kbd>↑</kbd>
          <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
        </p>
      </div>
    </Dialog>
  );
}
