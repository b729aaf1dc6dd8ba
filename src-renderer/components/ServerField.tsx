import type { ServerInfo } from '../../src-shared/ipc.ts';
import { Field } from './Field.tsx';

/**
 * Describes the server for people: "This computer (embedded server)" only for the server this app started
 * itself (main says so with `embedded`); any other server, local or not, is its real address.
 */
export function describeServer(info: Pick<ServerInfo, 'url' | 'embedded'>): string {
  return info.embedded ? 'This computer (embedded server)' : info.url;
}

/**
 * The server to sign in to: shown as a line with "Change" until someone wants another one, then a field.
 * `value` is null while not editing.
 */
export function ServerField({
  info,
  loadError,
  onRetry,
  value,
  error,
  onChange,
}: {
  info: ServerInfo | null;
  /** Why the current address could not be read from main. */
  loadError: string | null;
  onRetry: () => void;
  value: string | null;
  error: string | undefined;
  onChange: (value: string | null) => void;
}) {
  if (value === null && !info && loadError) {
    return (
      <div className="load-status load-status--error" role="alert">
        <span>Could not read the server address: {loadError}</span>
        <button type="button" className="button button--sm" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  if (value === null) {
    return (
      <p className="auth__server">
        <span className="auth__server-label">Server</span>
        <span className="auth__server-value" data-testid="server-address">
          {info ? describeServer(info) : '…'}
        </span>
        {info && (
          <button
            type="button"
            className="button button--sm"
            onClick={() => onChange(info.url === info.defaultUrl ? '' : info.url)}
          >
            Change
          </button>
        )}
      </p>
    );
  }
  return (
    <Field
      label="Server address"
      error={error}
      hint="For example https://chat.example.com or 127.0.0.1:8787."
      trailing={
        info && (
          <button type="button" className="button button--sm" onClick={() => onChange(info.defaultUrl)}>
            Use this computer
          </button>
        )
      }
    >
      {(props) => (
        <input
          {...props}
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          placeholder={info?.defaultUrl}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
