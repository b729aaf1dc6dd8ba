import type { Browser } from '@playwright/test';
import { BUDGET, expect, test, within } from '../shell/world.ts';
import type { E2eUser, E2eWorld } from '../shell/world.ts';
import { acceptedDirect, openApp, openConversation, say, ui } from './support/app.ts';

/**
 * What other people do, live: a group, typing, delivered and seen. One step per test; each wait that
 * crosses to another user's app has the budget of how far it travels (BUDGET in shell/world.ts).
 */

test('a group is created from New message with a title, and everyone can write in it', async ({
  browser,
  world,
}) => {
  const dana = await world.user('Dana');
  const ava = await world.user('Ava');
  const lou = await world.user('Lou');
  // Ava and Lou follow Dana, so her group takes them in at once (strangers would be invited instead).
  for (const who of [ava, lou]) await who.client.request('users.follow', { userId: dana.id });
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

  const created = await within(
    ava.client.waitForEvent('conversation.updated', (e) => e.conversation.title === 'Summer pack'),
    BUDGET.relayed,
    'Ava hears of the new group',
  );
  await say(ava, created.conversation.id, 'Drums are done.');
  const drums = ui.message(a.page, 'Drums are done.');
  await expect(drums).toBeVisible({ timeout: BUDGET.relayed });
  // Group messages name their author.
  await expect(drums.getByRole('button', { name: 'Ava', exact: true })).toBeVisible();
});

/**
 * Dana and Marco in an accepted direct chat, each in their own app, looking at `danaLooksAt` and
 * `marcoLooksAt`. `before` runs first, through the protocol (history the apps then load).
 */
async function danaAndMarco(
  world: E2eWorld,
  browser: Browser,
  looks: { dana: string; marco: string },
  before: (people: {
    dana: E2eUser;
    marco: E2eUser;
    conversationId: string;
  }) => Promise<unknown> = async () => {},
) {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  const conversationId = await acceptedDirect(marco, dana, 'yo');
  await before({ dana, marco, conversationId });
  const a = await openApp(world, browser, dana);
  const m = await openApp(world, browser, marco);
  await openConversation(a.page, looks.dana);
  await openConversation(m.page, looks.marco);
  return { a: a.page, m: m.page };
}

test('typing is seen by the other person, and ends when they clear the composer', async ({
  browser,
  world,
}) => {
  const { a, m } = await danaAndMarco(world, browser, { dana: 'Marco', marco: 'Dana' });
  const indicator = a.getByTestId('typing-indicator');
  await ui.composer(m).pressSequentially('working on the bridge');
  await expect(indicator).toHaveText('Marco is typing…', { timeout: BUDGET.relayed });
  await ui.composer(m).fill('');
  await ui.composer(m).blur();
  await expect(indicator).toHaveText('', { timeout: BUDGET.relayed });
});

test('your message goes delivered when it reaches the other app, though they look elsewhere', async ({
  browser,
  world,
}) => {
  // Marco looks at another conversation: Dana's message reaches his app (delivered) but is not read.
  const { a, m } = await danaAndMarco(world, browser, { dana: 'Marco', marco: 'Zed' }, async ({ marco }) =>
    acceptedDirect(await world.user('Zed'), marco, 'unrelated'),
  );
  await ui.composer(a).fill('Sending the stems now');
  await ui.composer(a).press('Enter');
  const mine = ui.message(a, 'Sending the stems now');
  await expect(mine).toHaveAttribute('data-state', 'delivered', { timeout: BUDGET.roundTrip });
  await expect(mine.getByRole('img', { name: 'Delivered' })).toBeVisible();
  await expect(ui.row(a, 'Marco')).toHaveAccessibleName(/Delivered/);
  // Not read: nothing says seen while Marco stays elsewhere.
  await expect(ui.row(m, 'Dana')).toHaveAccessibleName(/1 unread/);
  await expect(mine).toHaveAttribute('data-state', 'delivered');
});

test('your message goes seen, in the history and in the list, when the other person opens it', async ({
  browser,
  world,
}) => {
  // Marco's app starts on another conversation (the world has a second one for him to look at).
  const { a, m } = await danaAndMarco(
    world,
    browser,
    { dana: 'Marco', marco: 'Zed' },
    async ({ dana, marco, conversationId }) => {
      await acceptedDirect(await world.user('Zed'), marco, 'unrelated');
      await say(dana, conversationId, 'Sending the stems now');
    },
  );
  const mine = ui.message(a, 'Sending the stems now');
  await expect(mine).toHaveAttribute('data-state', /^(sent|delivered)$/);
  const icon = mine.locator('svg.send-state');
  const before = {
    shape: await icon.innerHTML(),
    colour: await icon.evaluate((e) => getComputedStyle(e).color),
  };

  await openConversation(m, 'Dana');
  await expect(mine).toHaveAttribute('data-state', 'seen', { timeout: BUDGET.relayed });
  await expect(mine.getByRole('img', { name: 'Seen' })).toBeVisible();
  // Seen is told apart by shape and by colour, not by a glyph's size (issue 10 #7).
  expect(await icon.innerHTML()).not.toBe(before.shape);
  expect(await icon.evaluate((e) => getComputedStyle(e).color)).not.toBe(before.colour);
  await expect(ui.row(a, 'Marco')).toHaveAccessibleName(/Seen/);
});
