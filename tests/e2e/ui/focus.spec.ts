import { BUDGET, expect, test } from '../shell/world.ts';
import { acceptedDirect, namedUser, openApp, openConversation, say, ui } from './support/app.ts';

// Issue 10 #3: every action, done by keyboard, leaves focus somewhere sensible (never on the page).

test('Follow and Unfollow by keyboard keep focus on the button', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  await acceptedDirect(marco, dana, 'yo');
  const { page } = await openApp(world, browser, dana);
  await openConversation(page, 'Marco Beats');
  const follow = page.getByRole('button', { name: 'Follow Marco Beats' });
  await follow.focus();
  await page.keyboard.press('Enter');
  const unfollow = page.getByRole('button', { name: 'Unfollow Marco Beats' });
  await expect(unfollow).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Follow Marco Beats' })).toBeFocused();
});

test('Mark as unread by keyboard puts focus on the conversation in the list', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  await acceptedDirect(marco, dana, 'yo');
  const { page } = await openApp(world, browser, dana);
  await openConversation(page, 'Marco Beats');
  await ui.menu(page).focus();
  await page.keyboard.press('Enter');
  await expect(ui.menuItem(page, 'Mark as unread')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.list(page)).toBeFocused();
  await expect(ui.row(page, 'Marco Beats')).toHaveClass(/conv-row--cursor/);
  await expect(ui.row(page, 'Marco Beats')).toHaveAccessibleName(/marked unread/);
});

test('Hide by keyboard puts focus on the list, on the next conversation', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const ava = await namedUser(world, 'Ava Cruz');
  await acceptedDirect(ava, dana, 'older one');
  await acceptedDirect(marco, dana, 'newer one');
  const { page } = await openApp(world, browser, dana);
  await openConversation(page, 'Marco Beats');
  await ui.menu(page).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await expect(ui.menuItem(page, 'Hide conversation…')).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = ui.dialog(page, 'Hide conversation?');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Hide' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.row(page, 'Marco Beats')).toHaveCount(0);
  await expect(ui.list(page)).toBeFocused();
  await expect(ui.row(page, 'Ava Cruz')).toHaveClass(/conv-row--cursor/);
});

test('opening a request focuses Accept; Accept by keyboard moves focus to the composer', async ({
  browser,
  world,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const kenji = await namedUser(world, 'Kenji Tanaka');
  const { conversation } = await kenji.client.request('conversations.startDirect', { userId: dana.id });
  await say(kenji, conversation.id, 'Are you taking custom beat requests?');
  const { page } = await openApp(world, browser, dana);
  await ui.list(page).focus();
  await page.keyboard.press('Enter');
  const accept = page
    .getByRole('region', { name: 'Message request' })
    .getByRole('button', { name: 'Accept' });
  await expect(accept).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.composer(page)).toBeFocused({ timeout: BUDGET.relayed });
});

test('Decline by keyboard asks first, then puts focus on the list', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const kenji = await namedUser(world, 'Kenji Tanaka');
  const marco = await namedUser(world, 'Marco Beats');
  await acceptedDirect(marco, dana, 'hi');
  const { conversation } = await kenji.client.request('conversations.startDirect', { userId: dana.id });
  await say(kenji, conversation.id, 'Buy my course!');
  const { page } = await openApp(world, browser, dana);
  // One unread request notification: Kenji's. Marco's request was accepted outside the app, which
  // marked its notification read.
  const bell = page.getByTestId('notifications-bell');
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  await openConversation(page, 'Kenji Tanaka');
  await page.keyboard.press('Shift+Tab');
  const decline = page.getByRole('button', { name: 'Decline…' });
  await expect(decline).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = ui.dialog(page, 'Decline this request?');
  // Esc cancels and gives focus back to Decline.
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(decline).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(ui.row(page, 'Kenji Tanaka')).toHaveCount(0);
  await expect(ui.list(page)).toBeFocused();
  // Kenji's request notification is answered too: it no longer counts as unread.
  await expect(bell).toHaveAccessibleName('Notifications');
});
