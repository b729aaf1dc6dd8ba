import { useState } from 'react';
import type { Me, UserSummary } from '../../src-shared/domain.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { useCombobox } from '../hooks/useCombobox.ts';
import { useUserSearch } from '../hooks/useUserSearch.ts';
import { detectPlatform } from '../lib/shortcuts.ts';
import { Avatar } from './Avatar.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { Icon } from './Icon.tsx';

/**
 * New message. Nobody chosen yet: a blank field shows suggestions (followed people first), search starts
 * at 2 characters, Enter chooses the highlighted person. Once someone is chosen the suggestions step
 * aside and Enter starts the chat: adding more people (a group, with an optional title) is the explicit
 * step of typing another name. The keys are written under the field.
 */
export function NewMessageDialog({ me }: { me: Me }) {
  const model = useModel();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<UserSummary[]>([]);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const searching = selected.length === 0 || query.trim().length > 0;
  const search = useUserSearch(query, searching);
  const users = searching ? search.users.filter((u) => u.id !== me.id) : [];
  const isSelected = (id: string) => selected.some((s) => s.id === id);
  const maxOthers = LIMITS.groupMaxMembers - 1;
  const mod = detectPlatform(navigator.userAgent) === 'mac' ? '⌘' : 'Ctrl';

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
  const combo = useCombobox({
    items: users,
    getKey: (u) => u.id,
    resetKey: `${query}|${users.length}`,
    onPick: toggle,
    isSelected: (u) => isSelected(u.id),
  });

  const start = async () => {
    if (selected.length === 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (selected.length === 1 && selected[0]) await model.conversations.messageUser(selected[0].id);
      else
        await model.conversations.createGroup(
          selected.map((s) => s.id),
          title,
        );
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const startLabel = selected.length >= 2 ? 'Create group' : 'Message';
  const heading =
    search.status === 'too_short'
      ? `Type at least ${LIMITS.userSearchMinChars} characters to search.`
      : selected.length > 0
        ? 'Add people'
        : query.trim().length === 0
          ? 'Suggested'
          : 'People';
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
          {...combo.inputProps}
          aria-label="Search people by name, username or producer name"
          aria-describedby={`${combo.listId}-keys`}
          placeholder={
            selected.length === 0 ? 'To: name, username or producer' : 'Type a name to add someone…'
          }
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            const startKey = e.key === 'Enter' && (e.ctrlKey || e.metaKey);
            // With people chosen and nothing typed, Enter starts: it never adds a suggestion by surprise.
            const enterStarts = e.key === 'Enter' && !e.shiftKey && selected.length > 0 && !combo.active;
            if (startKey || enterStarts) {
              e.preventDefault();
              void start();
              return;
            }
            if (e.key === 'Backspace' && query === '' && selected.length > 0) {
              setSelected((prev) => prev.slice(0, -1));
              return;
            }
            combo.onKeyDown(e);
          }}
        />
        {(users.length > 0 || search.status === 'too_short') && (
          <p className="list-heading" id={`${combo.listId}-heading`}>
            {heading}
          </p>
        )}
        <ul {...combo.listProps} aria-multiselectable="true" aria-label={heading} className="people-list">
          {users.map((u, i) => (
            <li
              key={u.id}
              {...combo.optionProps(u, i)}
              className={`person-option${i === combo.activeIndex ? ' person-option--active' : ''}`}
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
        {searching && search.status === 'ready' && users.length === 0 && (
          <p className="muted-text">No one found.</p>
        )}
        {search.status === 'error' && (
          <p className="form-error" role="alert">
            {search.error}
          </p>
        )}
        {selected.length >= 2 && (
          <div className="field">
            <label className="field__label" htmlFor={`${combo.listId}-title`}>
              Group name (optional)
            </label>
            <input
              id={`${combo.listId}-title`}
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
        <p className="key-hints" id={`${combo.listId}-keys`}>
          {selected.length === 0 ? (
            <>
              <kbd>↑</kbd>
              <kbd>↓</kbd> choose · <kbd>Enter</kbd> pick this person
            </>
          ) : (
            <>
              <kbd>Enter</kbd> {selected.length === 1 ? 'start the chat' : 'create the group'} · type a name
              to add someone · <kbd>Backspace</kbd> remove the last · <kbd>{mod}</kbd>+<kbd>Enter</kbd> start
              from anywhere
            </>
          )}
        </p>
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
            {startLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
