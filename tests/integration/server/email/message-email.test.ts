import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationPrefs } from '../../../../src-shared/domain.ts';
import { startMailEnv } from '../../../support/mail-env.ts';
import type { MailEnv } from '../../../support/mail-env.ts';
import { briefly, consentTo, sendText, signUpWithEmail } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';

let env: MailEnv;
beforeAll(async () => {
  // Long enough that two sends land in one window even on a loaded machine (on PostgreSQL a send is a few
  // round trips, and the first one opens the window only once its recipient has been checked).
  env = await startMailEnv(1_000);
});
afterAll(async () => {
  await env?.cleanup();
});

/**
 * Alice and Bob in an accepted direct conversation; Bob has no live session afterwards. Bob is the one who
 * asks, so no email to him is pending when the test starts.
 */
async function acceptedPair() {
  const alice = await signUpClient(env.server.url, 'Alice');
  const bob = await signUpWithEmail(env.server.url, 'Bob', false);
  const conversationId = await briefly(bob.client, alice, async (s) => {
    const { conversation } = await s.request('conversations.startDirect', { userId: alice.userId });
    await sendText(s, conversation.id, 'hello');
    return conversation.id;
  });
  await alice.request('conversations.accept', { conversationId });
  return { alice, bob: bob.client, email: bob.email, conversationId };
}

describe('email for new direct messages', () => {
  it('emails a message request to a recipient who was never online, with a deep link', async () => {
    const alice = await signUpClient(env.server.url, 'Alice');
    const bob = await signUpWithEmail(env.server.url, 'Bob', false);
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.client.userId });
    await sendText(alice, conversation.id, 'Want to collab on a beat?');

    const mail = await env.sink.waitFor((m) => m.envelopeTo.includes(bob.email));
    expect(mail.subject).toBe('Alice sent you a message request');
    expect(mail.headers.get('to')).toContain(bob.email);
    expect(mail.headers.get('from')).toContain('messages@beatpass.local');
    expect(mail.text).toContain('"Want to collab on a beat?"');
    expect(mail.text).toContain(`beatpass://messages/${conversation.id}`);
    expect(mail.html).toContain(`href="beatpass://messages/${conversation.id}"`);
    await alice.close();
  });

  it('sends one email per debounce window, counting the messages and quoting the latest', async () => {
    const { alice, email, conversationId } = await acceptedPair();
    await sendText(alice, conversationId, 'first of two');
    await sendText(alice, conversationId, 'second of two');
    const first = await env.sink.waitFor((m) => m.envelopeTo.includes(email));
    expect(first.subject).toBe('Alice sent you 2 new messages');
    expect(first.text).toContain('Latest: "second of two"');
    expect(first.text).not.toContain('first of two');

    // The window closed with that email: a later message opens a new one.
    await sendText(alice, conversationId, 'a third, later');
    const second = await env.sink.waitFor((m) => m.envelopeTo.includes(email) && m !== first);
    expect(second.subject).toBe('Alice sent you a new message');
    expect(second.text).toContain('Message: "a third, later"');
    expect(env.sink.mailsTo(email)).toHaveLength(2);
    await alice.close();
  });

  it('does not email someone who is online when the message arrives', async () => {
    const { alice, bob, email, conversationId } = await acceptedPair();
    await briefly(bob, alice, async (session) => {
      await sendText(alice, conversationId, 'seen live');
      await session.waitForEvent('message.created', (e) => e.message.body === 'seen live');
    });
    await sendText(alice, conversationId, 'sent while away');
    const mail = await env.sink.waitFor((m) => m.envelopeTo.includes(email));
    expect(mail.subject).toBe('Alice sent you a new message');
    expect(mail.text).toContain('"sent while away"');
    expect(env.sink.mailsTo(email)).toHaveLength(1);
    await alice.close();
  });

  it('respects the email switch for direct messages', async () => {
    const { alice, bob, email, conversationId } = await acceptedPair();
    const off = defaultNotificationPrefs();
    off.direct_messages.email = false;
    await briefly(bob, alice, (s) => s.request('prefs.set', { prefs: off }));
    await sendText(alice, conversationId, 'email is off for this one');

    await briefly(bob, alice, (s) => s.request('prefs.set', { prefs: defaultNotificationPrefs() }));
    await sendText(alice, conversationId, 'email is on again');
    const mail = await env.sink.waitFor((m) => m.envelopeTo.includes(email));
    expect(mail.text).toContain('"email is on again"');
    expect(mail.subject).toBe('Alice sent you a new message');
    expect(env.sink.mailsTo(email)).toHaveLength(1);
    await alice.close();
  });

  it('never emails about group messages', async () => {
    const alice = await signUpClient(env.server.url, 'Alice');
    const carol = await signUpClient(env.server.url, 'Carol');
    const bob = await signUpWithEmail(env.server.url, 'Bob', false);
    // Both follow Alice, so they are in her group at once (no invitation); Bob is offline again after.
    await consentTo(alice, carol);
    await briefly(bob.client, alice, (session) => session.request('users.follow', { userId: alice.userId }));
    const group = await alice.request('conversations.createGroup', {
      userIds: [bob.client.userId, carol.userId],
      title: 'Crew',
    });
    await sendText(alice, group.conversation.id, 'group hello');
    const direct = await alice.request('conversations.startDirect', { userId: bob.client.userId });
    await sendText(alice, direct.conversation.id, 'direct hello');

    const mail = await env.sink.waitFor((m) => m.envelopeTo.includes(bob.email));
    expect(mail.text).toContain('"direct hello"');
    expect(env.sink.mailsTo(bob.email)).toHaveLength(1);
    await Promise.all([alice.close(), carol.close()]);
  });

  it('a failing mail server is logged and never affects sending', async () => {
    const alice = await signUpClient(env.server.url, 'Alice');
    const bob = await signUpWithEmail(env.server.url, 'Bob', false);
    const carol = await signUpWithEmail(env.server.url, 'Carol', false);
    const attemptsBefore = env.sink.attempts;
    env.sink.failNext();
    const toBob = await alice.request('conversations.startDirect', { userId: bob.client.userId });
    const sent = await sendText(alice, toBob.conversation.id, 'this email bounces');
    expect(sent.message.seq).toBe(1);
    await env.sink.waitForAttempts(attemptsBefore + 1);

    const toCarol = await alice.request('conversations.startDirect', { userId: carol.client.userId });
    await sendText(alice, toCarol.conversation.id, 'this one arrives');
    const mail = await env.sink.waitFor((m) => m.envelopeTo.includes(carol.email));
    expect(mail.text).toContain('"this one arrives"');
    expect(env.sink.mailsTo(bob.email)).toHaveLength(0);
    expect(env.server.logs()).toContain('message email failed');
    await alice.close();
  });
});
