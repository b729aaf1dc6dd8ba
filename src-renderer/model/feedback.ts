/**
 * How an area tells the person about the outcome of an action that has no screen of its own: a short
 * toast. Areas get this narrow interface rather than the UI model, so none of them depends on another.
 */
export interface Feedback {
  toast(text: string, tone?: 'info' | 'error', action?: ToastAction): void;
  /** A failure nobody needs to act on (a typing ping, a background refresh): logged, never swallowed. */
  log(context: string, error: unknown): void;
}

/** A button on a toast ("Undo"), run at most once. */
export interface ToastAction {
  label: string;
  run: () => void;
}
