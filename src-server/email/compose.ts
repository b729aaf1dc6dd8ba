/** What a "you have new messages" email says, from facts the notifier gathered. Pure, so it is unit-tested. */
export interface MessageEmailFacts {
  recipientName: string;
  senderName: string;
  senderUsername: string;
  /** Unread messages in this window (at least 1). */
  count: number;
  /** The newest of them. */
  latestBody: string;
  /** A request not yet accepted: the email says so, since the reply needs an accept first. */
  isRequest: boolean;
  conversationId: string;
  appLinkBase: string;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Long previews are cut: the email invites opening the app, it does not replace it. */
export const PREVIEW_MAX_CHARS = 200;

export function conversationLink(appLinkBase: string, conversationId: string): string {
  return `${appLinkBase.replace(/\/+$/, '')}/${encodeURIComponent(conversationId)}`;
}

export function preview(body: string): string {
  const chars = [...body.replace(/\s+/g, ' ').trim()];
  return chars.length <= PREVIEW_MAX_CHARS
    ? chars.join('')
    : `${chars.slice(0, PREVIEW_MAX_CHARS - 1).join('')}…`;
}

export function composeMessageEmail(facts: MessageEmailFacts): ComposedEmail {
  const { senderName, count } = facts;
  const what = facts.isRequest
    ? 'a message request'
    : count === 1
      ? 'a new message'
      : `${count} new messages`;
  const subject = `${senderName} sent you ${what}`;
  const link = conversationLink(facts.appLinkBase, facts.conversationId);
  const latest = preview(facts.latestBody);
  const intro = `Hi ${facts.recipientName}, ${senderName} (@${facts.senderUsername}) sent you ${what} on BeatPass.`;
  const latestLabel = count === 1 ? 'Message' : 'Latest';
  const footer =
    'You get this email because email notifications for direct messages are on. You can turn them off in Settings > Notifications.';
  const text = [
    intro,
    '',
    `${latestLabel}: "${latest}"`,
    '',
    `Open the conversation: ${link}`,
    '',
    footer,
    '',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    `<p>${latestLabel}:</p>`,
    `<blockquote>${escapeHtml(latest)}</blockquote>`,
    `<p><a href="${escapeHtml(link)}">Open the conversation</a></p>`,
    `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
  ].join('\n');
  return { subject, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
