/** An error sentence announced at once (role=alert); renders nothing without one. */
export function ErrorNote({ error, id }: { error: string | null | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="form-error" role="alert">
      {error}
    </p>
  );
}
