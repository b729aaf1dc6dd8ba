import { expect, signIn, test } from './world.ts';

test('sign in, see the conversation list, open a conversation, send a message and see it acked', async ({
  page,
  world,
  pageErrors,
}) => {
  // Bob writes to Alice and she accepts, through the real server API: a conversation with history.
  const alice = await world.user('alice');
  const bob = await world.user('bob');
  const { conversation } = await bob.client.request('conversations.startDirect', { userId: alice.id });
  await bob.client.request('messages.send', {
    conversationId: conversation.id,
    clientId: 'e2e-bob-1',
    body: 'got the stems?',
  });
  await alice.client.request('conversations.accept', { conversationId: conversation.id });
  await alice.client.close();

  const host = await world.host();
  await page.goto(host.url);
  // The secret leaves the address bar at once (it stays in this tab's session storage).
  await expect(page).not.toHaveURL(/secret=/);

  await signIn(page, alice);

  const list = page.getByRole('listbox', { name: 'Conversations' });
  const row = list.getByRole('option', { name: /bob/i });
  await expect(row).toBeVisible();
  await row.click();

  const history = page.getByRole('log');
  await expect(history.getByText('got the stems?')).toBeVisible();

  const acked = host.core.trace.waitFor('message.acked');
  const composer = page.getByRole('textbox', { name: /^Message / });
  await expect(composer).toBeFocused();
  await composer.fill('yes, sending them tonight');
  await composer.press('Enter');

  const mine = history.getByTestId('message').filter({ hasText: 'yes, sending them tonight' });
  await expect(mine).toHaveAttribute('data-mine', 'true');
  // Acked by the server: the state moves past "sending" (sent, then delivered as Bob is online).
  await expect(mine).toHaveAttribute('data-state', /^(sent|delivered|seen)$/);
  const ack = await acked;
  expect(ack.duplicate).toBe(false);

  // Bob really received it, once.
  const created = await bob.client.waitForEvent(
    'message.created',
    (e) => e.message.body === 'yes, sending them tonight',
  );
  expect(created.message.conversationId).toBe(conversation.id);
  expect(pageErrors).toEqual([]);
});
