import { useState } from 'react';
import type { FormEvent } from 'react';
import { LIMITS } from '../../src-shared/limits.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { Field } from './Field.tsx';
import { InsecureNote } from './InsecureNote.tsx';
import { ServerField } from './ServerField.tsx';
import { useConnection } from '../hooks/useConnection.ts';
import { useServerInfo } from '../hooks/useServerInfo.ts';

type Mode = 'signIn' | 'signUp';

/** Sign in or create an account, on the embedded server by default or on one the person names. */
export function AuthScreen() {
  const model = useModel();
  const [mode, setMode] = useState<Mode>('signIn');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  /** The server address being typed; null while the current one is kept. */
  const [serverInput, setServerInput] = useState<string | null>(null);
  const server = useServerInfo();
  const connection = useConnection();
  /** The http:// address the core called insecure, waiting for the person's confirmation. */
  const [insecureAsk, setInsecureAsk] = useState<string | null>(null);
  const [insecureConfirmed, setInsecureConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!username.trim()) missing.username = 'Enter your username.';
    if (mode === 'signUp' && !displayName.trim()) missing.displayName = 'Enter the name people will see.';
    if (!password) missing.password = 'Enter your password.';
    if (Object.keys(missing).length > 0) {
      setError({ message: 'Fill in the highlighted fields.', fields: missing });
      return;
    }
    setBusy(true);
    setError(null);
    if (serverInput !== null && server.info && serverInput.trim() !== server.info.url) {
      const chosen = serverInput.trim();
      try {
        await model.session.setServer(
          chosen === '' || chosen === server.info.defaultUrl ? null : chosen,
          insecureConfirmed && insecureAsk === chosen,
        );
        setServerInput(null);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'INSECURE_SERVER') {
          // A different address asks afresh: a tick given for another one must not carry over.
          if (insecureAsk !== chosen) setInsecureConfirmed(false);
          setInsecureAsk(chosen);
          setError({
            message: 'Confirm the unencrypted connection below, or use https://.',
            fields: {},
          });
        } else setError({ message: 'Check the server address.', fields: { server: errorMessage(err) } });
        setBusy(false);
        return;
      }
    }
    try {
      if (mode === 'signIn') await model.session.signIn({ username, password });
      else
        await model.session.signUp({
          username,
          displayName,
          password,
          ...(email.trim() ? { email: email.trim() } : {}),
        });
    } catch (err) {
      const fields: Record<string, string> = {};
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
        for (const issue of err.issues) fields[issue.path] = sentence(issue.message);
      }
      const message =
        err instanceof ApiError && err.code === 'VALIDATION_FAILED'
          ? 'Check the highlighted fields.'
          : errorMessage(err);
      setError({ message, fields });
    } finally {
      setBusy(false);
    }
  };

  const signUp = mode === 'signUp';
  return (
    <main className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <span className="auth__logo" aria-hidden="true">
            BP
          </span>
          <div>
            <h1 className="auth__title">BeatPass Messenger</h1>
            <p className="auth__subtitle">Messages from your producer community, right beside your DAW.</p>
          </div>
        </div>
        <div className="segmented" role="tablist" aria-label="Account">
          {(['signIn', 'signUp'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              className="segmented__item"
              onClick={() => {
                setMode(m);
                setError(null);
              }}
            >
              {m === 'signIn' ? 'Sign in' : 'Create account'}
            </button>
          ))}
        </div>
        {connection?.status === 'signed_out' && connection.reason === 'session_ended' && (
          <p className="auth__notice" role="status" data-testid="session-ended">
            <strong>You were signed out.</strong> The server ended this session (it was revoked or expired).
            Sign in again to carry on.
          </p>
        )}
        <form
          className="auth__form"
          onSubmit={submit}
          noValidate
          aria-describedby={error?.message ? 'auth-error' : undefined}
        >
          <Field label="Username" error={error?.fields.username}>
            {(props) => (
              <input
                {...props}
                autoFocus
                autoComplete="username"
                value={username}
                maxLength={LIMITS.usernameMaxChars}
                onChange={(e) => setUsername(e.target.value)}
                required
              />
            )}
          </Field>
          {signUp && (
            <Field label="Display name" error={error?.fields.displayName}>
              {(props) => (
                <input
                  {...props}
                  autoComplete="name"
                  value={displayName}
                  maxLength={LIMITS.displayNameMaxChars}
                  onChange={(e) => setDisplayName(e.target.value)}
                  required
                />
              )}
            </Field>
          )}
          <Field
            label="Password"
            error={error?.fields.password}
            hint={signUp ? `At least ${LIMITS.passwordMinChars} characters.` : undefined}
          >
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete={signUp ? 'new-password' : 'current-password'}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            )}
          </Field>
          {signUp && (
            <Field
              label="Email (optional)"
              error={error?.fields.email}
              hint="For message emails, if you turn them on."
            >
              {(props) => (
                <input
                  {...props}
                  type="email"
                  autoComplete="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              )}
            </Field>
          )}
          <ServerField
            info={server.info}
            loadError={server.error}
            onRetry={server.refresh}
            value={serverInput}
            error={error?.fields.server}
            onChange={setServerInput}
          />
          {serverInput !== null && insecureAsk !== null && serverInput.trim() === insecureAsk && (
            <InsecureNote
              url={insecureAsk}
              confirm={{ checked: insecureConfirmed, onChange: setInsecureConfirmed }}
            />
          )}
          {serverInput === null && server.info?.insecure && <InsecureNote url={server.info.url} />}
          {error?.message && (
            <p id="auth-error" className="form-error" role="alert">
              {error.message}
            </p>
          )}
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {busy ? (signUp ? 'Creating account…' : 'Signing in…') : signUp ? 'Create account' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}

/** Server field messages ("at least 8 characters") as a sentence. */
function sentence(text: string): string {
  const t = text.trim();
  return t ? `${t[0]?.toUpperCase() ?? ''}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : t;
}
