import { Icon } from './Icon.tsx';

/**
 * Plain http:// to another computer: said in so many words, beside the address. With `confirm` it asks
 * for the person's consent (a checkbox they must tick before signing in); without it, it is the reminder
 * that stays on screen while that server is in use.
 */
export function InsecureNote({
  url,
  confirm,
}: {
  url: string;
  confirm?: { checked: boolean; onChange: (checked: boolean) => void };
}) {
  return (
    <div className="insecure-note" role={confirm ? 'alert' : undefined} data-testid="insecure-warning">
      <Icon name="lock" size={16} />
      <div>
        <strong>Not encrypted.</strong> {url} uses plain http:// to another computer: your password and
        messages would travel readable by anyone on the network. Use https:// if the server offers it.
        {confirm && (
          <label className="insecure-note__confirm">
            <input
              type="checkbox"
              checked={confirm.checked}
              onChange={(e) => confirm.onChange(e.target.checked)}
            />
            Connect without encryption anyway
          </label>
        )}
      </div>
    </div>
  );
}
