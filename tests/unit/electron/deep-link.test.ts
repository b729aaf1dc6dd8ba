import { describe, expect, it } from 'vitest';
import { conversationLink, findDeepLink, parseDeepLink } from '../../../src-main/electron/deep-link.ts';

const id = '0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';

describe('beatpass:// deep links', () => {
  it('opens the messenger', () => {
    expect(parseDeepLink('beatpass://messages')).toEqual({ kind: 'messages' });
    expect(parseDeepLink('beatpass://messages/')).toEqual({ kind: 'messages' });
    expect(parseDeepLink('BEATPASS://Messages')).toEqual({ kind: 'messages' });
  });

  it('opens one conversation', () => {
    expect(parseDeepLink(`beatpass://messages/${id}`)).toEqual({ kind: 'conversation', conversationId: id });
    expect(parseDeepLink(`beatpass:messages/${id}`)).toEqual({ kind: 'conversation', conversationId: id });
    // Query and fragment (e.g. added by mail clients) do not change the target.
    expect(parseDeepLink(`beatpass://messages/${id}?utm=x#top`)).toEqual({
      kind: 'conversation',
      conversationId: id,
    });
  });

  it('round-trips the links the app and emails use', () => {
    expect(parseDeepLink(conversationLink(id))).toEqual({ kind: 'conversation', conversationId: id });
  });

  it('refuses everything else', () => {
    for (const bad of [
      'https://messages/abc',
      'beatpass://settings',
      'beatpass://messages/a/b',
      'beatpass://messages/../settings',
      'beatpass://messages/%2e%2e',
      'beatpass://messages/a b',
      'beatpass://messages/<script>',
      `beatpass://messages/${'x'.repeat(65)}`,
      'beatpass://user:pw@messages/abc',
      'beatpass://messages:99/abc',
      'beatpass:',
      '',
      `beatpass://messages/${'a'.repeat(600)}`,
    ]) {
      expect(parseDeepLink(bad), bad).toBeNull();
    }
  });

  it('finds the link in a command line, skipping flags and paths', () => {
    const argv = ['/opt/BeatPass/beatpass', '--no-sandbox', '/tmp/file', `beatpass://messages/${id}`];
    expect(findDeepLink(argv)).toEqual({ kind: 'conversation', conversationId: id });
    expect(findDeepLink(['/opt/BeatPass/beatpass', '--hidden'])).toBeNull();
    expect(findDeepLink(['beatpass://evil', 'beatpass://messages'])).toEqual({ kind: 'messages' });
  });
});
