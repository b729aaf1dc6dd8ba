import { expect, test } from '../shell/world.ts';
import { acceptedDirect, openApp, openConversation, say, ui } from './support/app.ts';

test('a group is created from New message with a title, and everyone can write in it', async ({
  browser,
  world,
}) => {
  const dana = await world.user('Dana');
  const ava = await world.user('Ava');
  const lou = await world.user('Lou');
  const a = await openApp(world, browser, dana);

  await a.page.getByRole('navigation').getByRole('button', { name: 'New message' }).click();
  const dialog = ui.dialog(a.page, 'New message');
  const search = dialog.getByRole('combobox', { name: /Search people/ });
  for (const who of [ava, lou]) {
    await search.fill(who.username.slice(0, 5));
    await dialog.getByRole('option', { name: new RegExp(who.client.auth.me.displayName) }).click();
  }
  await expect(dialog.getByRole('list', { name: 'Selected people' }).getByRole('listitem')).toHaveCount(2);
  await dialog.getByLabel('Group name (optional)').fill('Summer pack');
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await expect(ui.conversationTitle(a.page)).toHaveText('Summer pack');
  await expect(a.page.getByTestId('conversation')).toContainText('3 members');

  const created = await ava.client.waitForEvent(
    'conversation.updated',
    (e) => e.conversation.title === 'Summer pack',
  );
  await say(ava, created.conversation.id, 'Drums are done.');
  await expect(ui.message(a.page, 'Drums are done.')).toBeVisible();
  // Group messages name their author.
  await expect(
    ui.message(a.page, 'Drums are done.').getByRole('button', { name: 'Ava', exact: true }),
  ).toBeVisible();
});

test('typing is seen by the other person, and your message goes delivered then seen', async ({
  browser,
  world,
}) => {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  const conversationId = await acceptedDirect(marco, dana, 'yo');
  const other = await acceptedDirect(await world.user('Zed'), marco, 'unrelated');
  const a = await openApp(world, browser, dana);
  const m = await openApp(world, browser, marco);

  await openConversation(a.page, 'Marco');
  await openConversation(m.page, 'Dana');
  await ui.composer(m.page).pressSequentially('working on the bridge');
  await expect(a.page.getByTestId('typing-indicator')).toHaveText('Marco is typing…');
  await ui.composer(m.page).fill('');
  await ui.composer(m.page).blur();
  await expect(a.page.getByTestId('typing-indicator')).toHaveText('');

  // Marco looks at another conversation: Dana's message reaches his app (delivered) but is not read.
  await openConversation(m.page, 'Zed');
  await ui.composer(a.page).fill('Sending the stems now');
  await ui.composer(a.page).press('Enter');
  const mine = ui.message(a.page, 'Sending the stems now');
  await expect(mine).toHaveAttribute('data-state', 'delivered');
  await expect(mine.getByRole('img', { name: 'Delivered' })).toBeVisible();
  await expect(ui.row(a.page, 'Marco')).toHaveAccessibleName(/Delivered/);

  // He opens it: seen (green ✓✓), in the history and in the list.
  await openConversation(m.page, 'Dana');
  await expect(mine).toHaveAttribute('data-state', 'seen');
  await expect(ui.row(a.page, 'Marco')).toHaveAccessibleName(/Seen/);
  expect(conversationId).toBeTruthy();
  expect(other).toBeTruthy();
});
