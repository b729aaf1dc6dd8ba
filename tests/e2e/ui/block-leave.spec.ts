import { expect, test } from '../shell/world.ts';
import { BUDGET } from '../shell/world.ts';
import {
  acceptedDirect,
  namedUser,
  openApp,
  openConversation,
  say,
  screenshotPath,
  ui,
} from './support/app.ts';
import { seriousAxe } from './support/axe.ts';

// Issue 9: block someone from a message request, the conversation menu or their profile, unblock in
// Settings; an invitation to a group is a request (Accept / Decline / Block); Leave group asks first.

test('Block from a message request declines it; Settings lists them and Unblock works', async ({
  browser,
  world,
  pageErrors,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const spam = await namedUser(world, 'Spam Bot');
  const { conversation } = await spam.client.request('conversations.startDirect', { userId: dana.id });
  await say(spam, conversation.id, 'cheap followers, click here');
  const { page } = await openApp(world, browser, dana);
  await openConversation(page, 'Spam Bot');
  const banner = page.getByTestId('request-banner');
  await banner.getByRole('button', { name: 'Block…' }).click();
  const confirm = ui.dialog(page, 'Block Spam Bot?');
  await expect(confirm).toContainText('This request is declined as well.');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  expect(await seriousAxe(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('24-block-request-dark') });
  await confirm.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(ui.row(page, 'Spam Bot')).toHaveCount(0);
  await expect(page.getByText('Spam Bot is blocked.')).toBeVisible();
  const { users } = await dana.client.request('users.blocked', {});
  expect(users.map((u) => u.id)).toEqual([spam.id]);

  await page.getByRole('button', { name: /^Settings/ }).click();
  const settings = ui.dialog(page, 'Settings');
  const blocked = settings.getByRole('list', { name: 'Blocked people' });
  await expect(blocked).toContainText('Spam Bot');
  expect(await seriousAxe(page)).toEqual([]);
  await blocked.getByRole('button', { name: 'Unblock Spam Bot' }).click();
  await expect(settings.getByText('Nobody. Block someone')).toBeVisible();
  expect((await dana.client.request('users.blocked', {})).users).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('Block from the conversation menu; Unblock on the profile', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  await acceptedDirect(marco, dana, 'yo');
  const { page } = await openApp(world, browser, dana);
  await openConversation(page, 'Marco Beats');
  await ui.menu(page).click();
  await ui.menuItem(page, 'Block Marco Beats…').click();
  const confirm = ui.dialog(page, 'Block Marco Beats?');
  await expect(confirm).not.toContainText('declined as well');
  await confirm.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(page.getByText('Marco Beats is blocked.')).toBeVisible();
  expect((await dana.client.request('users.blocked', {})).users.map((u) => u.id)).toEqual([marco.id]);

  await ui.menu(page).click();
  await ui.menuItem(page, "View Marco Beats's profile").click();
  const card = page.getByTestId('user-card');
  await card.getByRole('button', { name: 'Unblock' }).click();
  await expect(card.getByRole('button', { name: 'Block…' })).toBeVisible();
  expect((await dana.client.request('users.blocked', {})).users).toEqual([]);
});

test('an invitation to a group is a request: Accept joins; Leave group asks first', async ({
  browser,
  world,
  pageErrors,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const kim = await namedUser(world, 'Kim Park');
  const ava = await namedUser(world, 'Ava Cruz');
  // Dana does not follow Kim: the consent rule makes her an invitee, not a member.
  const { conversation } = await kim.client.request('conversations.createGroup', {
    userIds: [dana.id, ava.id],
    title: 'Lo-fi collab',
  });
  await say(kim, conversation.id, 'welcome to the collab');
  const { page } = await openApp(world, browser, dana);
  const row = ui.row(page, 'Lo-fi collab');
  await expect(row).toHaveAccessibleName(/invitation/, { timeout: BUDGET.relayed });
  await expect(row.getByText('Invite')).toBeVisible();
  await openConversation(page, 'Lo-fi collab');
  const banner = page.getByRole('region', { name: 'Invitation' });
  await expect(banner).toContainText('Kim Park invited you to the group Lo-fi collab.');
  await expect(banner.getByRole('button', { name: 'Block…' })).toBeVisible();
  await expect(banner.getByRole('button', { name: 'Decline…' })).toBeVisible();
  await expect(banner.getByRole('button', { name: 'Accept' })).toBeFocused();
  expect(await seriousAxe(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('23-invitation-dark') });
  await banner.getByRole('button', { name: 'Accept' }).click();
  await expect(ui.composer(page)).toBeFocused();

  await ui.menu(page).click();
  await ui.menuItem(page, 'Leave group…').click();
  const confirm = ui.dialog(page, 'Leave this group?');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  expect(await seriousAxe(page)).toEqual([]);
  await confirm.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(ui.row(page, 'Lo-fi collab')).toHaveCount(0);
  await expect(page.getByText('You left the group.')).toBeVisible();
  const { conversations } = await kim.client.request('conversations.list', {});
  const group = conversations.find((c) => c.id === conversation.id);
  expect(group?.participants.map((p) => p.id)).not.toContain(dana.id);
  expect(pageErrors).toEqual([]);
});

test('an invitation can be declined', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const kim = await namedUser(world, 'Kim Park');
  const ava = await namedUser(world, 'Ava Cruz');
  await kim.client.request('conversations.createGroup', { userIds: [dana.id, ava.id], title: 'Drill pack' });
  const { page } = await openApp(world, browser, dana);
  await openConversation(page, 'Drill pack');
  await page.getByRole('region', { name: 'Invitation' }).getByRole('button', { name: 'Decline…' }).click();
  await ui
    .dialog(page, 'Decline this request?')
    .getByRole('button', { name: 'Decline', exact: true })
    .click();
  await expect(ui.row(page, 'Drill pack')).toHaveCount(0);
  await expect(page.getByText('Invitation declined.')).toBeVisible();
});
