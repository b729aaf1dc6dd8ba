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
  /** An HTTP request body larger than this is refused with 413 (and the connection is closed). */
  httpBodyMaxBytes: 16 * 1024,
  /** HTTP request headers must arrive within this time of the connection's first byte, or 408 and close. */
  httpHeadersTimeoutMs: 10_000,
  /** A whole HTTP request (headers and body) must arrive within this time. */
  httpRequestTimeoutMs: 20_000,
  /** An idle keep-alive connection is closed after this long. */
  httpKeepAliveTimeoutMs: 5_000,

  // Budgets per USER, across all of that user's sockets (and, with a shared store, across server nodes).
  // Each is a fixed window: the budget refills in full when the window that began with the first use ends.
  /** Sends per user per window before RATE_LIMITED (`--send-rate`). */
  sendRatePerWindow: 30,
  sendRateWindowMs: 10_000,
  /** All requests per user per window (never fewer than the send budget allows). */
  requestRatePerWindow: 300,
  requestRateWindowMs: 10_000,
  /** `typing.set` calls per user per window. */
  typingRatePerWindow: 30,
  typingRateWindowMs: 10_000,
  /** `users.search` calls per user per window (the UI debounces typing by 150 ms). */
  searchRatePerWindow: 60,
  searchRateWindowMs: 10_000,

  /** A typing indicator is shown for this long unless refreshed. */
  typingExpiryMs: 6_000,
  /** The server relays at most one "typing" per user and conversation per this interval. */
  typingThrottleMs: 2_500,

  // Sockets
  /**
   * Requests one socket may have in flight (received, not yet answered). `messages.send` requests overlap
   * and commit together; past this many the request is answered `TOO_MANY_IN_FLIGHT` at once, unrun.
   */
  requestsInFlightPerSocket: 128,
  /** The socket must authenticate (send `hello`) within this time after opening, or close 4008. */
  helloTimeoutMs: 5_000,
  /** Open WebSockets per user, all sessions together; one more is closed with 4029 (`--max-sockets-per-user`). */
  socketsPerUser: 16,
  /** WebSockets per client address that have not (yet) said hello; one more gets HTTP 429 at the upgrade. */
  unauthenticatedSocketsPerAddress: 32,
  /** TCP connections per client address on one server node, HTTP and WebSocket (`--max-connections-per-address`). */
  connectionsPerAddress: 256,
  /**
   * Bytes queued for a socket that the client has not read yet. Above the high-water mark live events wait
   * (the socket is fed from the event log as it drains); a write that finds more than the maximum queued
   * closes the socket with 4009, and the client resumes from its last seq.
   */
  socketBufferHighWaterBytes: 256 * 1024,
  socketBufferMaxBytes: 1024 * 1024,
  /** A replay that waits this long for the client to read closes the socket with 4009. */
  slowConsumerTimeoutMs: 20_000,
  /** After the 4009 close frame is queued, the socket is cut if the client has not read it by then. */
  slowConsumerGraceMs: 2_000,

  /** Access token lifetime. */
  accessTokenTtlMs: 15 * 60_000,
  /** Refresh token lifetime; each use rotates it. */
  refreshTokenTtlMs: 30 * 24 * 60 * 60_000,
  /** Per-user events kept for resume; a client further behind is told to resync. */
  eventRetentionPerUser: 5_000,

  // Sign-in and sign-up, counted per client address before any password is hashed
  /** Password hashes computed at once; more wait in a queue served round-robin by address. */
  concurrentPasswordHashes: 2,
  /** Hashes waiting in all; past this, SERVER_BUSY (which never counts as a failed attempt). */
  passwordHashQueueMax: 64,
  /** Hashes one address may have waiting; past this, SERVER_BUSY for that address only. */
  passwordHashQueuePerAddress: 4,
  /**
   * Failed sign-ins for one account from one address before delays start; then each further attempt must
   * wait a delay that doubles (1 s, 2 s, 4 s, … up to signInDelayMaxMs). Never a lockout: the owner
   * signing in from another address is not slowed, and a success clears the pair's count.
   */
  signInFreeFailuresPerAccountAddress: 5,
  signInAccountAddressWindowMs: 24 * 60 * 60_000,
  /** Failed sign-ins from one address (any accounts) before the same growing delays apply to that address. */
  signInFreeFailuresPerAddress: 20,
  signInAddressWindowMs: 60 * 60_000,
  signInDelayBaseMs: 1_000,
  signInDelayMaxMs: 15 * 60_000,
  /** Accounts created per address per window (`--sign-up-rate`). */
  signUpRatePerWindow: 10,
  signUpWindowMs: 60 * 60_000,
} as const;

export type Limits = typeof LIMITS;

/** The characters of a message body as the server counts them: code points after trimming. */
export function messageLength(body: string): number {
  return [...body.trim()].length;
}
