import { BUDGET, expect, test } from '../shell/world.ts';
import { acceptedDirect, namedUser, openApp, openConversation, say, ui } from './support/app.ts';

// Issue 10 #9: the small things, one per test.

test('a toast never covers the composer', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  await acceptedDirect(marco, dana, 'yo');
  const { page } = await openApp(world, browser, dana, { viewport: { width: 480, height: 600 } });
  await ui.row(page, 'Marco Beats').click();
  await ui.menu(page).click();
  await ui.menuItem(page, 'Mute').click();
  await ui.menuItem(page, 'For 1 hour').click();
  const toast = page.getByText('Conversation muted.');
  await expect(toast).toBeVisible();
  const t = await toast.boundingBox();
  const c = await ui.composer(page).boundingBox();
  expect(t && c && t.y + t.height <= c.y).toBe(true);
});

test('the "New messages" line is gone when you come back to a conversation you have read', async ({
  browser,
  world,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const ava = await namedUser(world, 'Ava Cruz');
  const id = await acceptedDirect(marco, dana, 'first');
  await acceptedDirect(ava, dana, 'hello');
  await say(marco, id, 'this one is new');
  const { page } = await openApp(world, browser, dana);
  await openConversation(page, 'Marco Beats');
  await expect(page.getByRole('separator', { name: 'New messages' })).toBeVisible();
  await openConversation(page, 'Ava Cruz');
  await openConversation(page, 'Marco Beats');
  await expect(ui.message(page, 'this one is new')).toBeVisible();
  await expect(page.getByRole('separator', { name: 'New messages' })).toHaveCount(0);
});

test('initials skip brackets: "Mia (Moderator)" is MM', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const mia = await namedUser(world, 'Mia (Moderator)');
  await acceptedDirect(mia, dana, 'welcome to BeatPass');
  const { page } = await openApp(world, browser, dana);
  await expect(ui.row(page, 'Mia (Moderator)').locator('.avatar')).toHaveText('MM');
});

test('12-hour times follow the locale: no leading zero', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  await acceptedDirect(marco, dana, 'what time is it?');
  const { page } = await openApp(world, browser, dana, { locale: 'en-US' });
  await openConversation(page, 'Marco Beats');
  const time = ui.message(page, 'what time is it?').locator('time');
  await expect(time).toHaveText(/^(1[0-2]|[1-9]):[0-5]\d\s?[AP]M$/);
});

test('each sender in a group keeps a colour of their own', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const senders = [
    await namedUser(world, 'Ava Cruz'),
    await namedUser(world, 'Lou Reyes'),
    await namedUser(world, 'Kai Moreno'),
  ];
  // They follow Dana, so her group takes them in at once (the consent rule).
  for (const s of senders) await s.client.request('users.follow', { userId: dana.id });
  const { conversation } = await dana.client.request('conversations.createGroup', {
    userIds: senders.map((s) => s.id),
    title: 'Summer pack collab',
  });
  for (const [i, s] of senders.entries()) await say(s, conversation.id, `part ${i} is done`);
  const { page } = await openApp(world, browser, dana);
  await openConversation(page, 'Summer pack collab');
  const looks = [];
  for (const name of ['Ava Cruz', 'Lou Reyes', 'Kai Moreno']) {
    looks.push(
      await page
        .getByRole('button', { name, exact: true })
        .evaluate((e) => ({ tone: e.className, colour: getComputedStyle(e).color })),
    );
  }
  // The colour follows the sender's tone (a hash of their id, as their avatar's): as many colours as tones.
  for (const look of looks) expect(look.tone).toMatch(/msg__author--tone\d/);
  expect(new Set(looks.map((l) => l.colour)).size).toBe(new Set(looks.map((l) => l.tone)).size);
});

test('the history stays pinned to the newest message when the window shrinks', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const id = await acceptedDirect(marco, dana, 'message 0');
  // Long messages (few of them, under the send rate limit) fill more than a screen.
  const verse = 'Layered pads over a dusty break, then a filtered vocal chop on the offbeat. '.repeat(4);
  for (let i = 1; i <= 10; i++) await say(marco, id, `${verse} message ${i}`);
  const { page } = await openApp(world, browser, dana, { viewport: { width: 1100, height: 800 } });
  await openConversation(page, 'Marco Beats');
  const last = ui.message(page, 'message 10');
  await expect(last).toBeInViewport();
  await page.setViewportSize({ width: 700, height: 420 });
  await expect(last).toBeInViewport({ timeout: BUDGET.local });
  await page.setViewportSize({ width: 420, height: 600 });
  await expect(last).toBeInViewport({ timeout: BUDGET.local });
});
