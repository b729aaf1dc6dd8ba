import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailEnv } from '../../../support/mail-env.ts';
import type { MailEnv } from '../../../support/mail-env.ts';
import { briefly, reconnect, sendText, signUpWithEmail } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';

/**
 * What changes during the debounce window. The window is long here (1.5 s) so that a reconnect fits in it
 * with room to spare; a control recipient, messaged just after, tells when the window under test has
 * ended (timers of equal length fire in the order they were set), so nothing waits on a clock.
 */
let env: MailEnv;
beforeAll(async () => {
  env = await startMailEnv(1500);
});
afterAll(async () => {
  await env?.cleanup();
});

/** Alice has a pending request out to Bob (offline, with an email address) and to a control recipient. */
async function setUp() {
  const alice = await signUpClient(env.server.url, 'Alice');
  const bob = await signUpWithEmail(env.server.url, 'Bob', false);
  const control = await signUpWithEmail(env.server.url, 'Control', false);
  const toBob = await alice.request('conversations.startDirect', { userId: bob.client.userId });
  const toControl = await alice.request('conversations.startDirect', { userId: control.client.userId });
  const controlMailed = () => env.sink.waitFor((m) => m.envelopeTo.includes(control.email));
  return {
    alice,
    bob,
    controlMailed,
    bobConversation: toBob.conversation.id,
    controlConversation: toControl.conversation.id,
  };
}

describe('message email: checked again when the window ends', () => {
  it('skips the email when the recipient came online during the window', async () => {
    const { alice, bob, controlMailed, bobConversation, controlConversation } = await setUp();
    await sendText(alice, bobConversation, 'are you there?');
    await sendText(alice, controlConversation, 'control');
    const bobOnline = await reconnect(bob.client);
    await controlMailed();
    await bobOnline.request('conversations.accept', { conversationId: bobConversation });
    await bobOnline.close();
    await alice.request('me.get', {});

    await sendText(alice, bobConversation, 'after you left');
    const mail = await env.sink.waitFor((m) => m.envelopeTo.includes(bob.email));
    expect(mail.text).toContain('"after you left"');
    expect(env.sink.mailsTo(bob.email)).toHaveLength(1);
    await alice.close();
  });

  it('counts only what is still unread, and skips the email when all of it was read', async () => {
    const { alice, bob, controlMailed, bobConversation, controlConversation } = await setUp();
    await sendText(alice, bobConversation, 'request text');
    await briefly(bob.client, alice, (s) =>
      s.request('conversations.accept', { conversationId: bobConversation }),
    );
    await sendText(alice, bobConversation, 'sent after the accept');
    const mail = await env.sink.waitFor((m) => m.envelopeTo.includes(bob.email));
    expect(mail.subject).toBe('Alice sent you a new message');
    expect(mail.text).toContain('"sent after the accept"');

    // A window whose only message is read before it ends sends nothing.
    await sendText(alice, bobConversation, 'read in time');
    await sendText(alice, controlConversation, 'control');
    await briefly(bob.client, alice, (s) =>
      s.request('conversations.open', { conversationId: bobConversation }),
    );
    await controlMailed();
    await sendText(alice, bobConversation, 'the last one');
    const last = await env.sink.waitFor((m) => m.envelopeTo.includes(bob.email) && m !== mail);
    expect(last.text).toContain('"the last one"');
    expect(env.sink.mailsTo(bob.email)).toHaveLength(2);
    await alice.close();
  });
});
