/**
 * Every limit the server enforces and the UI mirrors. One table so that a change to a limit is one edit,
 * and the client can never drift from what the server will accept.
 */
export const LIMITS = {
  /** Message body, counted in characters after trimming. */
  messageMaxChars: 2000,
  /** Optional reason on a message or user report. */
  reportReasonMaxChars: 500,
  /** Messages per history page (server cap; the client may ask for fewer). */
  historyPageMax: 100,
  /** User search starts at this many characters; a blank query returns suggestions. */
  userSearchMinChars: 2,
  /** Results returned by user search or suggestions. */
  userSearchMaxResults: 20,
  /** A group is the creator plus at least this many other people. */
  groupMinOthers: 2,
  /** Largest group, creator included. */
  groupMaxMembers: 50,
  groupTitleMaxChars: 100,
  teamNameMaxChars: 100,
  usernameMinChars: 3,
  usernameMaxChars: 32,
  displayNameMaxChars: 50,
  passwordMinChars: 8,
  passwordMaxChars: 256,
  /** Conversations per list page. */
  conversationPageMax: 500,
  /** In-app notifications per page. */
  notificationPageMax: 100,
  /** Open reports per moderation feed page. */
  moderationPageMax: 100,
  /** A WebSocket frame larger than this is refused with close code 1009. */
  frameMaxBytes: 64 * 1024,
  /** An HTTP request body larger than this is refused with 413. */
  httpBodyMaxBytes: 16 * 1024,
  /** Sends allowed per connection per window before RATE_LIMITED (token bucket, refills continuously). */
  sendRatePerWindow: 30,
  sendRateWindowMs: 10_000,
  /** All requests per connection per window. */
  requestRatePerWindow: 300,
  requestRateWindowMs: 10_000,
  /** A typing indicator is shown for this long unless refreshed. */
  typingExpiryMs: 6_000,
  /** The server relays at most one "typing" per user and conversation per this interval. */
  typingThrottleMs: 2_500,
  /** The socket must authenticate within this time after opening. */
  helloTimeoutMs: 10_000,
  /** Access token lifetime. */
  accessTokenTtlMs: 15 * 60_000,
  /** Refresh token lifetime; each use rotates it. */
  refreshTokenTtlMs: 30 * 24 * 60 * 60_000,
  /** Per-user events kept for resume; a client further behind is told to resync. */
  eventRetentionPerUser: 5_000,
  /** Password hashes computed at once; more wait in a queue, and past the queue get SERVER_BUSY. */
  concurrentPasswordHashes: 2,
  passwordHashQueueMax: 64,
  /** Sign-in attempts per username per window before RATE_LIMITED. */
  signInAttemptsPerWindow: 10,
  signInWindowMs: 15 * 60_000,
} as const;

export type Limits = typeof LIMITS;

/** The characters of a message body as the server counts them: code points after trimming. */
export function messageLength(body: string): number {
  return [...body.trim()].length;
}
