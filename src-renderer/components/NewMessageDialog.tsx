import { useId, useState } from 'react';
import type { Me, UserSummary } from '../../src-shared/domain.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { useListNavigation } from '../hooks/useListNavigation.ts';
import { useUserSearch } from '../hooks/useUserSearch.ts';
import { Avatar } from './Avatar.tsx';
import { Dialog } from './Dialog.tsx';
import { Icon } from './Icon.tsx';
import { ErrorNote } from './ErrorNote.tsx';

/**
 * New message: a blank search shows suggestions (followed people first); search starts at 2 characters.
 * One person opens a direct chat; two or more make a group with an optional title.
 */
export function NewMessageDialog({ me }: { me: Me }) {
  const model = useModel();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<UserSummary[]>([]);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const search = useUserSearch(query);
  const listId = useId();
  const users = search.users.filter((u) => u.id !== me.id);
  const isSelected = (id: string) => selected.some((s) => s.id === id);
  const maxOthers = LIMITS.groupMaxMembers - 1;

  const toggle = (user: UserSummary) => {
    setSelected((prev) =>
      prev.some((s) => s.id === user.id)
        ? prev.filter((s) => s.id !== user.id)
        : prev.length >= maxOthers
          ? prev
          : [...prev, user],
    );
    setQuery('');
  };
  const nav = useListNavigation(
    users.length,
    (i) => users[i] && toggle(users[i]),
    `${query}|${users.length}`,
  );
  const active = users[nav.activeIndex];

  const start = async () => {
    if (selected.length === 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (selected.length === 1 && selected[0]) {
        await model.messageUser(selected[0].id);
      } else {
        const trimmed = title.trim();
        const { conversation } = await model.client.call('conversations.createGroup', {
          userIds: selected.map((s) => s.id),
          ...(trimmed ? { title: trimmed } : {}),
        });
        model.conversations.set((s) => ({ ...s, byId: new Map(s.byId).set(conversation.id, conversation) }));
        model.openConversation(conversation.id);
      }
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const heading = query.trim().length === 0 ? 'Suggested' : 'People';
  return (
    <Dialog title="New message" size="md" placement="top" testId="new-message">
      <div className="new-message">
        {selected.length > 0 && (
          <ul className="chips" aria-label="Selected people">
            {selected.map((u) => (
              <li key={u.id} className="chip">
                <Avatar id={u.id} name={u.displayName} size="sm" />
                <span>{u.displayName}</span>
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={`Remove ${u.displayName}`}
                  onClick={() => toggle(u)}
                >
                  <Icon name="close" size={12} />
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          className="input"
          data-autofocus
          role="combobox"
          aria-label="Search people by name, username or producer name"
          aria-expanded={users.length > 0}
          aria-controls={listId}
          aria-activedescendant={active ? `${listId}-${active.id}` : undefined}
          aria-autocomplete="list"
          placeholder={selected.length === 0 ? 'To: name, username or producer' : 'Add another person…'}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void start();
              return;
            }
            if (e.key === 'Backspace' && query === '' && selected.length > 0) {
              setSelected((prev) => prev.slice(0, -1));
              return;
            }
            if (e.key === 'Enter' && users.length === 0 && selected.length > 0) {
              e.preventDefault();
              void start();
              return;
            }
            nav.onKeyDown(e);
          }}
        />
        <p className="list-heading" id={`${listId}-heading`}>
          {search.status === 'too_short'
            ? `Type at least ${LIMITS.userSearchMinChars} characters to search.`
            : heading}
        </p>
        <ul
          id={listId}
          role="listbox"
          aria-multiselectable="true"
          aria-labelledby={`${listId}-heading`}
          className="people-list"
        >
          {users.map((u, i) => (
            <li
              key={u.id}
              id={`${listId}-${u.id}`}
              role="option"
              aria-selected={isSelected(u.id)}
              className={`person-option${i === nav.activeIndex ? ' person-option--active' : ''}`}
              onMouseMove={() => i !== nav.activeIndex && nav.setActiveIndex(i)}
              onClick={() => toggle(u)}
            >
              <Avatar id={u.id} name={u.displayName} size="sm" />
              <span className="person-option__names">
                <span className="person-option__name">{u.displayName}</span>
                <span className="person-option__detail">
                  @{u.username}
                  {u.producerName ? ` · ${u.producerName}` : ''}
                </span>
              </span>
              <span className="person-option__check" aria-hidden="true">
                {isSelected(u.id) ? '✓' : ''}
              </span>
            </li>
          ))}
        </ul>
        {search.status === 'ready' && users.length === 0 && <p className="muted-text">No one found.</p>}
        {search.status === 'error' && (
          <p className="form-error" role="alert">
            {search.error}
          </p>
        )}
        {selected.length >= 2 && (
          <div className="field">
            <label className="field__label" htmlFor={`${listId}-title`}>
              Group name (optional)
            </label>
            <input
              id={`${listId}-title`}
              className="input"
              value={title}
              maxLength={LIMITS.groupTitleMaxChars}
              onChange={(e) => setTitle(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void start();
                }
              }}
              placeholder="e.g. Summer pack collab"
            />
          </div>
        )}
        <ErrorNote error={error} />
        <div className="dialog__footer">
          <span className="muted-text">
            {selected.length === 0
              ? 'Pick one person, or several for a group.'
              : selected.length === 1
                ? 'Direct message'
                : `Group of ${selected.length + 1}`}
          </span>
          <button
            type="button"
            className="button button--primary"
            disabled={selected.length === 0 || busy}
            onClick={() => void start()}
          >
            {selected.length >= 2 ? 'Create group' : 'Message'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
