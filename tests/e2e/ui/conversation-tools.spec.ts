import { expect, test } from '../shell/world.ts';
import { acceptedDirect, admin, openApp, openConversation, say, ui } from './support/app.ts';

test('mark unread, mute and hide from the conversation menu', async ({ browser, world }) => {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  const conversationId = await acceptedDirect(marco, dana, 'first');
  await say(marco, conversationId, 'second');
  const a = await openApp(world, browser, dana);

  await openConversation(a.page, 'Marco');
  await expect(ui.row(a.page, 'Marco').getByTestId('unread-badge')).toHaveCount(0);

  // Mark as unread: the conversation closes and its row shows the unread marker.
  await ui.menu(a.page).click();
  await ui.menuItem(a.page, 'Mark as unread').click();
  await expect(a.page.getByTestId('conversation')).toHaveCount(0);
  await expect(ui.row(a.page, 'Marco')).toHaveAccessibleName(/marked unread/);

  // Mute for 8 hours (keyboard through the menu and its Mute submenu): the row and header show it.
  await openConversation(a.page, 'Marco');
  await ui.menu(a.page).focus();
  await a.page.keyboard.press('Enter');
  await expect(ui.menuItem(a.page, 'Mark as unread')).toBeFocused();
  await a.page.keyboard.press('m');
  await expect(ui.menuItem(a.page, 'Mute')).toBeFocused();
  await a.page.keyboard.press('ArrowRight');
  await expect(ui.menuItem(a.page, 'For 1 hour')).toBeFocused();
  await a.page.keyboard.press('ArrowDown');
  await expect(ui.menuItem(a.page, 'For 8 hours')).toBeFocused();
  await a.page.keyboard.press('Enter');
  await expect(ui.menu(a.page)).toBeFocused();
  await expect(ui.row(a.page, 'Marco')).toHaveAccessibleName(/muted/);
  await expect(a.page.getByTestId('conversation').getByText('Muted')).toBeVisible();

  // Hide, after confirming: the row leaves the list.
  await ui.menu(a.page).click();
  await ui.menuItem(a.page, 'Hide conversation…').click();
  const confirm = ui.dialog(a.page, 'Hide conversation?');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Hide' }).click();
  await expect(ui.row(a.page, 'Marco')).toHaveCount(0);

  // A new message brings it back.
  await say(marco, conversationId, 'are you there?');
  await expect(ui.row(a.page, 'Marco')).toBeVisible();
});

test('follow from the conversation header, and report a message (a duplicate is refused)', async ({
  browser,
  world,
}) => {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  const conversationId = await acceptedDirect(marco, dana, 'hello');
  await say(marco, conversationId, 'buy followers cheap at spam.example');
  const a = await openApp(world, browser, dana);
  await openConversation(a.page, 'Marco');

  await a.page.getByRole('button', { name: 'Follow Marco' }).click();
  await expect(a.page.getByRole('button', { name: 'Unfollow Marco' })).toBeVisible();
  await marco.client.waitForEvent('follow.changed', (e) => e.followerId === dana.id && e.following);

  const spam = ui.message(a.page, 'buy followers cheap');
  await spam.hover();
  await spam.getByRole('button', { name: 'Report message from Marco' }).click();
  const dialog = ui.dialog(a.page, 'Report message');
  const reason = dialog.getByRole('textbox', { name: 'Reason (optional)' });
  await expect(reason).toBeFocused();
  await reason.fill('x'.repeat(501));
  await expect(dialog.getByTestId('reason-counter')).toHaveText('501/500');
  await expect(dialog.getByRole('button', { name: 'Send report' })).toBeDisabled();
  await reason.fill('Spam link');
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await expect(a.page.getByText('Thanks. The moderators will review your report.')).toBeVisible();

  await spam.hover();
  await spam.getByRole('button', { name: 'Report message from Marco' }).click();
  await ui.dialog(a.page, 'Report message').getByRole('button', { name: 'Send report' }).click();
  await expect(ui.dialog(a.page, 'Report message').getByRole('alert')).toHaveText(
    'You have already reported this.',
  );
  await a.page.keyboard.press('Escape');
  await expect(ui.dialog(a.page, 'Report message')).toHaveCount(0);

  // Your own messages have no report action.
  await ui.composer(a.page).fill('mine');
  await ui.composer(a.page).press('Enter');
  await expect(ui.message(a.page, 'mine').getByRole('button', { name: /Report/ })).toHaveCount(0);
});

test('the user card: follow, followers list, report the user; no follow or report on your own card', async ({
  browser,
  world,
}) => {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  await acceptedDirect(marco, dana, 'hey');
  await marco.client.request('users.follow', { userId: dana.id });
  const a = await openApp(world, browser, dana);
  await openConversation(a.page, 'Marco');

  await ui.conversationTitle(a.page).getByRole('button', { name: 'Marco' }).click();
  const card = ui.dialog(a.page, 'Marco');
  await expect(card.getByText('Follows you')).toBeVisible();
  await card.getByRole('button', { name: 'Follow Marco' }).click();
  await expect(card.getByRole('button', { name: 'Unfollow Marco' })).toBeVisible();
  await expect(card.getByRole('button', { name: /1 Follower/ })).toBeVisible();
  await card.getByRole('button', { name: /1 Follower/ }).click();
  await expect(ui.dialog(a.page, 'Followers').getByRole('button', { name: /Dana/ })).toBeVisible();
  await a.page.keyboard.press('Escape');
  await card.getByRole('button', { name: 'Report' }).click();
  const report = ui.dialog(a.page, 'Report Marco');
  await report.getByRole('button', { name: 'Send report' }).click();
  await expect(a.page.getByText('Thanks. The moderators will review your report.')).toBeVisible();

  await a.page.keyboard.press('Escape');
  await a.page.getByRole('button', { name: 'Your profile: Dana' }).click();
  const own = ui.dialog(a.page, 'Dana');
  await expect(own.getByText('This is you.')).toBeVisible();
  await expect(own.getByRole('button', { name: /^(Follow|Unfollow) |^Report$|^Message$/ })).toHaveCount(0);
  await expect(own.getByRole('button', { name: '1 Following' })).toBeVisible();
});

test('a producer page: follow with the heart, and its followers list', async ({ browser, world }) => {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  await acceptedDirect(marco, dana, 'new pack is up');
  const created = JSON.parse(
    await admin(
      world,
      'create-producer',
      '--name',
      'Marco Beats',
      '--slug',
      `marco-${dana.id.slice(-6)}`,
      '--claimed-by',
      marco.username,
    ),
  ) as { producerId: string };
  const a = await openApp(world, browser, dana);
  await openConversation(a.page, 'Marco');

  await ui.conversationTitle(a.page).getByRole('button', { name: 'Marco' }).click();
  await ui
    .dialog(a.page, 'Marco')
    .getByRole('button', { name: /Marco Beats/ })
    .click();
  const page = ui.dialog(a.page, 'Marco Beats');
  await page.getByRole('button', { name: /^Follow/ }).click();
  await expect(page.getByRole('button', { name: /^Following/ })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: /1 Follower/ }).click();
  await expect(ui.dialog(a.page, 'Followers').getByRole('button', { name: /Dana/ })).toBeVisible();

  const followers = await marco.client.request('producers.followers', { producerId: created.producerId });
  expect(followers.users.map((u) => u.id)).toEqual([dana.id]);
});
