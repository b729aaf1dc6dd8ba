import { expect, signIn, test } from './world.ts';

test('a new message raises one OS notification and a badge; clicking it opens exactly that conversation', async ({
  page,
  world,
  pageErrors,
}) => {
  const alice = await world.user('alice');
  const bob = await world.user('bob');
  const carol = await world.user('carol');
  const withBob = (await bob.client.request('conversations.startDirect', { userId: alice.id })).conversation;
  const withCarol = (await carol.client.request('conversations.startDirect', { userId: alice.id }))
    .conversation;
  await bob.client.request('messages.send', {
    conversationId: withBob.id,
    clientId: 'e2e-bob-001',
    body: 'first',
  });
  await carol.client.request('messages.send', {
    conversationId: withCarol.id,
    clientId: 'e2e-carol-01',
    body: 'hello',
  });
  await alice.client.request('conversations.accept', { conversationId: withBob.id });
  await alice.client.request('conversations.accept', { conversationId: withCarol.id });
  await alice.client.request('conversations.markRead', { conversationId: withBob.id, upToSeq: 1 });
  await alice.client.close();

  const host = await world.host();
  const shell = host.shell;
  await page.goto(host.url);
  await signIn(page, alice);
  const list = page.getByRole('listbox', { name: 'Conversations' });
  // Alice looks at Carol's conversation: a message from Bob is news.
  await list.getByRole('option', { name: /carol/i }).click();
  await expect(page.getByRole('log').getByText('hello')).toBeVisible();

  const notified = shell.waitFor('notification', (n) => n.conversationId === withBob.id);
  const counted = shell.waitFor('badge', (count) => count > 0);
  await bob.client.request('messages.send', {
    conversationId: withBob.id,
    clientId: 'e2e-bob-002',
    body: 'ping from bob',
  });
  const [notification] = await notified;
  expect(notification).toMatchObject({
    tag: `conversation:${withBob.id}`,
    body: 'ping from bob',
    title: bob.client.auth.me.displayName,
  });
  await counted;

  // A newer message replaces it: still one notification for the conversation.
  const replaced = shell.waitFor('notification', (n) => n.body === 'second ping');
  await bob.client.request('messages.send', {
    conversationId: withBob.id,
    clientId: 'e2e-bob-003',
    body: 'second ping',
  });
  await replaced;
  expect([...shell.active.keys()]).toEqual([`conversation:${withBob.id}`]);

  const read = shell.waitFor('badge', (count) => count === 0);
  const withdrawn = shell.waitFor('removed', (tag) => tag === `conversation:${withBob.id}`);
  shell.clickNotification(`conversation:${withBob.id}`);
  expect(shell.focusRequests).toBe(1);
  await expect(page.getByRole('log').getByText('second ping')).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^Message / })).toBeFocused();
  // Opening it read it: the badge clears and the notification is withdrawn.
  await read;
  await withdrawn;
  expect([...shell.active.keys()]).toEqual([]);
  expect(pageErrors).toEqual([]);
});
