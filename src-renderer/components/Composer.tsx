import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { useUi } from '../hooks/useUi.ts';
import { capMessage, capNote, checkComposer } from '../lib/composer.ts';
import { Icon } from './Icon.tsx';

const DRAFT_SAVE_MS = 400;

/**
 * Enter sends, Shift+Enter adds a line. The text is trimmed; nothing past the message limit can be typed
 * or pasted (a note says when a paste was cut), and a counter appears near the limit. The draft is kept
 * per conversation (in main, so it survives restarts), capped the same way.
 */
export function Composer({ conversation, title }: { conversation: ConversationView; title: string }) {
  const model = useModel();
  const { composerFocus, composerInsert } = useUi();
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState(() => capMessage(conversation.draft ?? '').text);
  const [error, setError] = useState<string | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  /** Typing or a paste ran into the limit (cleared by the next change that fits). */
  const [capped, setCapped] = useState<string | null>(null);
  const savedRef = useRef(conversation.draft ?? '');
  const bodyRef = useRef(body);
  const check = checkComposer(body);
  const conversationId = conversation.id;
  const compose = model.conversations.compose;

  useEffect(() => {
    ref.current?.focus();
  }, [composerFocus]);

  // Edit on a failed message: its text comes back here, before whatever was being typed.
  useEffect(() => {
    if (!composerInsert || composerInsert.conversationId !== conversationId) return;
    model.ui.composerInsertTaken(composerInsert.nonce);
    const current = bodyRef.current;
    const next = capMessage(current.trim() ? `${composerInsert.text}\n${current}` : composerInsert.text).text;
    bodyRef.current = next;
    setBody(next);
    ref.current?.focus();
  }, [model, composerInsert, conversationId]);

  // The draft in main may be newer than the list's copy (another window, a restart): load it once.
  useEffect(() => {
    let live = true;
    void compose.loadDraft(conversationId).then((draft) => {
      if (live && draft && bodyRef.current === '') {
        bodyRef.current = draft;
        savedRef.current = draft;
        setBody(draft);
      }
    });
    return () => {
      live = false;
    };
  }, [compose, conversationId]);

  // Save the draft shortly after typing stops, and when leaving the conversation.
  useEffect(() => {
    bodyRef.current = body;
    if (body === savedRef.current) return;
    const timer = setTimeout(() => {
      compose.saveDraft(conversationId, body).then(
        () => {
          savedRef.current = body;
          setDraftError(null);
        },
        // Not marked saved, so the next change tries again; the note says the draft may be lost.
        (e: unknown) => setDraftError(`Draft not saved: ${errorMessage(e)}`),
      );
    }, DRAFT_SAVE_MS);
    return () => clearTimeout(timer);
  }, [compose, conversationId, body]);

  useEffect(
    () => () => {
      if (bodyRef.current !== savedRef.current) {
        compose
          .saveDraft(conversationId, bodyRef.current)
          .catch((e: unknown) => model.ui.toast(`Draft not saved: ${errorMessage(e)}`, 'error'));
      }
      compose.setTyping(conversationId, false);
    },
    [model, compose, conversationId],
  );

  const setTyping = (typing: boolean) => compose.setTyping(conversationId, typing);

  const send = async () => {
    if (!check.canSend) return;
    const text = body.trim();
    setBody('');
    bodyRef.current = '';
    savedRef.current = '';
    setError(null);
    setTyping(false);
    try {
      await model.conversations.threads.send(conversationId, text);
      await compose
        .saveDraft(conversationId, '')
        .catch((e: unknown) => model.ui.log('clearing the draft', e));
    } catch (e) {
      setError(errorMessage(e));
      if (bodyRef.current === '') {
        bodyRef.current = text;
        setBody(text);
      }
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (
      e.key === 'Enter' &&
      !e.shiftKey &&
      !e.altKey &&
      !e.ctrlKey &&
      !e.metaKey &&
      !e.nativeEvent.isComposing
    ) {
      e.preventDefault();
      void send();
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };

  const counterId = `${id}-counter`;
  const errorId = `${id}-error`;
  const cappedId = `${id}-capped`;
  return (
    <form
      className={`composer${check.over ? ' composer--over' : ''}`}
      onSubmit={onSubmit}
      data-testid="composer"
    >
      {(error ?? draftError) && (
        <p id={errorId} className="composer__error" role="alert">
          {error ?? draftError}
        </p>
      )}
      {capped && (
        <p id={cappedId} className="composer__note" role="status" data-testid="composer-capped">
          {capped}
        </p>
      )}
      <div className="composer__box">
        <label htmlFor={id} className="visually-hidden">
          Message {title}
        </label>
        <textarea
          ref={ref}
          id={id}
          className="composer__input"
          rows={1}
          placeholder={`Message ${title}`}
          value={body}
          aria-invalid={check.over || undefined}
          aria-describedby={
            [
              check.counter ? counterId : null,
              (error ?? draftError) ? errorId : null,
              capped ? cappedId : null,
            ]
              .filter(Boolean)
              .join(' ') || undefined
          }
          onChange={(e) => {
            const next = capMessage(e.target.value);
            setCapped(next.cut ? capNote([...e.target.value].length - [...body].length) : null);
            setBody(next.text);
            setTyping(next.text.trim().length > 0);
          }}
          onBlur={() => setTyping(false)}
          onKeyDown={onKeyDown}
        />
        {check.counter && (
          <span
            id={counterId}
            className={`composer__counter${check.over ? ' composer__counter--over' : ''}`}
            aria-live="polite"
            data-testid="composer-counter"
          >
            {check.counter}
          </span>
        )}
        <button
          type="submit"
          className="composer__send"
          aria-label="Send message"
          title="Send (Enter)"
          disabled={!check.canSend}
        >
          <Icon name="send" />
        </button>
      </div>
    </form>
  );
}
