import { expect, test } from '../shell/world.ts';
import { openApp, openConversation, ui } from './support/app.ts';

test('a message request is sent from New message, accepted, and answered', async ({ browser, world }) => {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  const a = await openApp(world, browser, dana);
  const b = await openApp(world, browser, marco);

  // Dana: Ctrl+N, search from 2 characters, pick Marco, Message.
  await a.page.keyboard.press('Control+n');
  const dialog = ui.dialog(a.page, 'New message');
  const search = dialog.getByRole('combobox', { name: /Search people/ });
  await expect(search).toBeFocused();
  await search.fill('M');
  await expect(dialog.getByText('Type at least 2 characters to search.')).toBeVisible();
  await search.fill(marco.username.slice(0, 4));
  await dialog.getByRole('option', { name: /Marco/ }).click();
  await dialog.getByRole('button', { name: 'Message', exact: true }).click();
  await expect(ui.conversationTitle(a.page)).toHaveText('Marco');
  await expect(ui.composer(a.page)).toBeFocused();
  await ui.composer(a.page).fill('Hi Marco, can I use your loop?');
  await ui.composer(a.page).press('Enter');
  await expect(ui.message(a.page, 'Hi Marco, can I use your loop?')).toHaveAttribute(
    'data-state',
    /sent|delivered|seen/,
  );
  // The requester waits for acceptance before sending more.
  await expect(ui.blocked(a.page)).toHaveAttribute('data-reason', 'waiting_for_acceptance');
  await expect(ui.blocked(a.page)).toContainText('Waiting for Marco to accept');

  // Marco: the row carries the request badge; the banner has Accept / Decline and the safety note.
  const row = ui.row(b.page, 'Dana');
  await expect(row).toContainText('Request');
  await openConversation(b.page, 'Dana');
  const banner = b.page.getByRole('region', { name: 'Message request' });
  await expect(banner).toContainText('never share passwords, payment details or addresses');
  await expect(ui.blocked(b.page)).toHaveAttribute('data-reason', 'request_received');
  await banner.getByRole('button', { name: 'Accept' }).click();
  await expect(banner).toBeHidden();
  await expect(ui.composer(b.page)).toBeFocused();
  await ui.composer(b.page).fill('Sure, go ahead!');
  await ui.composer(b.page).press('Enter');

  // Dana sees the answer and can write again.
  await expect(ui.message(a.page, 'Sure, go ahead!')).toBeVisible();
  await expect(ui.composer(a.page)).toBeVisible();
  await expect(ui.blocked(a.page)).toHaveCount(0);
});

test('a declined request leaves the list and blocks the requester', async ({ browser, world }) => {
  const dana = await world.user('Dana');
  const kenji = await world.user('Kenji');
  const { conversation } = await kenji.client.request('conversations.startDirect', { userId: dana.id });
  await kenji.client.request('messages.send', {
    conversationId: conversation.id,
    clientId: 'decline-1',
    body: 'Buy my course!',
  });
  const a = await openApp(world, browser, dana);
  const k = await openApp(world, browser, kenji);

  await openConversation(a.page, 'Kenji');
  await a.page
    .getByRole('region', { name: 'Message request' })
    .getByRole('button', { name: 'Decline…' })
    .click();
  const confirm = ui.dialog(a.page, 'Decline this request?');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Decline', exact: true }).click();
  await expect(ui.row(a.page, 'Kenji')).toHaveCount(0);
  // Focus lands in the (now empty) list, not on the page.
  await expect(a.page.getByTestId('conversation-list-empty')).toBeFocused();
  await expect(a.page.getByText('Request declined.')).toBeVisible();

  await openConversation(k.page, 'Dana');
  await expect(ui.blocked(k.page)).toHaveAttribute('data-reason', 'declined');
});
