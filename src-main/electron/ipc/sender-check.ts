/**
 * Who may call main: only the main frame of our own window, showing our own page. Every IPC call is
 * checked here before the router sees it (the router then validates the payload). Structural types stand
 * in for Electron's `IpcMainInvokeEvent` and `WebFrameMain`, so the rules are unit-tested without Electron.
 */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
}

export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  /** Null when the frame navigated away or was destroyed before the call arrived. */
  readonly senderFrame: (FrameLike & { readonly parent: unknown }) | null;
}

/** What the check needs to know about the window right now (it may be recreated, so asked at each call). */
export interface TrustedWindow {
  readonly webContentsId: number;
  readonly mainFrame: FrameLike;
}

/**
 * `scheme://host[:port]` of a URL. WHATWG gives custom schemes such as `app:` the origin "null", so the
 * origin is built from protocol and host instead of `URL.origin`.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.host === '') return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

export function checkSender(
  event: InvokeEventLike,
  window: TrustedWindow | null,
  allowedOrigins: readonly string[],
): SenderVerdict {
  if (!window) return { trusted: false, reason: 'no app window' };
  if (event.sender.id !== window.webContentsId) return { trusted: false, reason: 'another web contents' };
  const frame = event.senderFrame;
  if (!frame) return { trusted: false, reason: 'sender frame is gone' };
  if (frame.parent !== null) return { trusted: false, reason: 'a subframe' };
  if (frame.processId !== window.mainFrame.processId || frame.routingId !== window.mainFrame.routingId) {
    return { trusted: false, reason: 'not the main frame' };
  }
  const origin = originOf(frame.url);
  if (origin === null || !allowedOrigins.includes(origin))
    return { trusted: false, reason: `origin ${origin ?? 'unknown'}` };
  return { trusted: true };
}
