/**
 * Time formatting for the list, the history and the banner. Everything takes `now` so it is pure and
 * testable; days are local calendar days.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export interface FormatOptions {
  locale?: string | undefined;
  /** 24-hour clock; null follows the locale. */
  hour12?: boolean | undefined;
}

/**
 * Formatters, made once per locale and options: building an `Intl.DateTimeFormat` costs far more than
 * using one (it resolves the locale's data), and a history page formats three times per message. Profiles
 * of opening a conversation showed the constructors as a quarter of the renderer's main-thread time.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/**
 * Makes the formatters the list and the history use with the default locale, before they are needed. The
 * first `Intl.DateTimeFormat` of a page loads the locale's data (25-75 ms in traces of start-up). main.tsx
 * calls this on idle, which in Chromium comes after the page has loaded: the history's formatters are then
 * ready for the first open.
 */
export function prepareTimeFormats(now: number = Date.now()): void {
  formatClock(now);
  formatFullTime(now);
  for (const ago of [0, 3 * DAY_MS, 30 * DAY_MS, 400 * DAY_MS]) {
    formatListTime(now - ago, now);
    formatDayLabel(now - ago, now);
  }
}

/** A stable key for the local calendar day of `ts` (YYYY-MM-DD). */
export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function startOfDay(ts: number): number {
  const d = new Date(ts);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole local calendar days between the day of `ts` and the day of `now` (0 = same day, 1 = yesterday). */
export function daysAgo(ts: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(ts)) / DAY_MS);
}

/** "14:05" or "2:05 PM", as the locale writes it (12-hour clocks are not zero-padded). */
export function formatClock(ts: number, options: FormatOptions = {}): string {
  // timeStyle follows the locale's own pattern: "09:05" in en-GB, "9:05 AM" in en-US.
  return formatter(options.locale, { timeStyle: 'short', hour12: options.hour12 }).format(ts);
}

/** Conversation list: "14:05" today, "Yesterday", a weekday within a week, else "12 Mar" (or with the year). */
export function formatListTime(ts: number, now: number, options: FormatOptions = {}): string {
  const days = daysAgo(ts, now);
  if (days <= 0) return formatClock(ts, options);
  if (days === 1) return 'Yesterday';
  if (days < 7) return formatter(options.locale, { weekday: 'short' }).format(ts);
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return formatter(options.locale, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(ts);
}

/** Day separator in the history: "Today", "Yesterday", "Monday", "Monday 3 March", "3 March 2024". */
export function formatDayLabel(ts: number, now: number, options: FormatOptions = {}): string {
  const days = daysAgo(ts, now);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days < 7) return formatter(options.locale, { weekday: 'long' }).format(ts);
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return formatter(options.locale, {
    weekday: sameYear ? 'long' : undefined,
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(ts);
}

/** Full date and time, for tooltips and screen readers. */
export function formatFullTime(ts: number, options: FormatOptions = {}): string {
  return formatter(options.locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    hour12: options.hour12,
  }).format(ts);
}

/** "in 5 s", "in 2 min", "now": the time until `ts` (the connection banner's next retry). */
export function formatCountdown(ts: number, now: number): string {
  const seconds = Math.ceil((ts - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} min`;
}

/** "just now", "5 min ago", "3 h ago", then the list format: for notifications. */
export function formatRelative(ts: number, now: number, options: FormatOptions = {}): string {
  const seconds = Math.floor((now - ts) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return formatListTime(ts, now, options);
}
