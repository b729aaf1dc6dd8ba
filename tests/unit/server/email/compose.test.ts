import { describe, expect, it } from 'vitest';
import {
  PREVIEW_MAX_CHARS,
  composeMessageEmail,
  conversationLink,
  escapeHtml,
  preview,
} from '../../../../src-server/email/compose.ts';
import type { MessageEmailFacts } from '../../../../src-server/email/compose.ts';

const facts: MessageEmailFacts = {
  recipientName: 'Bob',
  senderName: 'Alice',
  senderUsername: 'alice',
  count: 1,
  latestBody: 'Hi Bob',
  isRequest: false,
  conversationId: '0190-abc',
  appLinkBase: 'beatpass://messages',
};

describe('composeMessageEmail', () => {
  it('one message: says so and quotes it, with the deep link', () => {
    const email = composeMessageEmail(facts);
    expect(email.subject).toBe('Alice sent you a new message');
    expect(email.text).toContain('Message: "Hi Bob"');
    expect(email.text).toContain('Open the conversation: beatpass://messages/0190-abc');
    expect(email.text).toContain('Alice (@alice)');
  });

  it('several messages: counts them and quotes the latest', () => {
    const email = composeMessageEmail({ ...facts, count: 3, latestBody: 'third' });
    expect(email.subject).toBe('Alice sent you 3 new messages');
    expect(email.text).toContain('Latest: "third"');
  });

  it('a pending request is called a message request', () => {
    expect(composeMessageEmail({ ...facts, isRequest: true }).subject).toBe(
      'Alice sent you a message request',
    );
  });

  it('escapes what people wrote in the HTML part', () => {
    const email = composeMessageEmail({
      ...facts,
      senderName: 'A<b>',
      latestBody: '<script>x</script> & "q"',
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('&#60;script&#62;x&#60;/script&#62; &#38; &#34;q&#34;');
  });
});

describe('preview', () => {
  it('collapses whitespace and cuts long bodies at a code point with an ellipsis', () => {
    expect(preview('  a\n\n b  ')).toBe('a b');
    const long = '🎵'.repeat(PREVIEW_MAX_CHARS + 5);
    const cut = preview(long);
    expect([...cut]).toHaveLength(PREVIEW_MAX_CHARS);
    expect(cut.endsWith('🎵…')).toBe(true);
    expect(preview('🎵'.repeat(PREVIEW_MAX_CHARS))).toBe('🎵'.repeat(PREVIEW_MAX_CHARS));
  });
});

describe('conversationLink', () => {
  it('joins base and id with one slash and encodes the id', () => {
    expect(conversationLink('beatpass://messages/', 'a b')).toBe('beatpass://messages/a%20b');
    expect(conversationLink('https://app.example/m', 'x')).toBe('https://app.example/m/x');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&#38;&#60;&#62;&#34;&#39;');
  });
});
