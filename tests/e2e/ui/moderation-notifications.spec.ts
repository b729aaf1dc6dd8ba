import { expect, test } from '../shell/world.ts';
import { acceptedDirect, admin, openApp, openConversation, say, ui } from './support/app.ts';

test('a moderator resolves a report and community-mutes the user, whose composer is then blocked', async ({
  browser,
  world,
}) => {
  const mod = await world.user('Mona');
  const troll = await world.user('Troll');
  const dana = await world.user('Dana');
  await admin(world, 'set-role', mod.username, 'moderator');
  const conversationId = await acceptedDirect(troll, dana, 'hello');
  const bad = await say(troll, conversationId, 'you are terrible at mixing');
  await dana.client.request('reports.message', { messageId: bad.id, reason: 'Insulting' });

  const m = await openApp(world, browser, mod);
  const t = await openApp(world, browser, troll);
  await openConversation(t.page, 'Dana');
  await expect(ui.composer(t.page)).toBeVisible();

  await m.page.getByRole('button', { name: /^Moderation/ }).click();
  const panel = ui.dialog(m.page, 'Moderation');
  const report = panel.getByTestId('report').filter({ hasText: 'you are terrible at mixing' });
  await expect(report).toContainText('Reason: Insulting');
  await report.getByRole('button', { name: 'Mute Troll' }).click();
  await expect(report.getByRole('button', { name: 'Unmute Troll' })).toBeVisible();

  // The muted user's composer is replaced by the reason.
  await expect(ui.blocked(t.page)).toHaveAttribute('data-reason', 'community_muted');
  await expect(ui.blocked(t.page)).toContainText('muted by the moderators');

  await report.getByRole('textbox', { name: /Resolution note/ }).fill('Warned');
  await report.getByRole('button', { name: 'Resolve' }).click();
  await expect(panel.getByTestId('report')).toHaveCount(0);
  await expect(panel.getByText('No open reports.')).toBeVisible();
});

test('the bell lists new followers and message requests, and each opens what it is about', async ({
  browser,
  world,
}) => {
  const dana = await world.user('Dana');
  const ava = await world.user('Ava');
  const kenji = await world.user('Kenji');
  const a = await openApp(world, browser, dana);

  await ava.client.request('users.follow', { userId: dana.id });
  const { conversation } = await kenji.client.request('conversations.startDirect', { userId: dana.id });
  await say(kenji, conversation.id, 'custom beat?');

  const bell = a.page.getByTestId('notifications-bell');
  await expect(bell).toHaveAccessibleName('Notifications, 2 unread');
  await bell.click();
  const panel = ui.dialog(a.page, 'Notifications');
  await panel.getByRole('button', { name: /Ava\u2069? started following you/ }).click();
  await expect(ui.dialog(a.page, 'Ava')).toBeVisible();
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');

  await a.page.keyboard.press('Escape');
  await bell.click();
  await ui
    .dialog(a.page, 'Notifications')
    .getByRole('button', { name: /Kenji\u2069? sent you a message request/ })
    .click();
  await expect(ui.conversationTitle(a.page)).toHaveText('Kenji');
  await expect(a.page.getByRole('region', { name: 'Message request' })).toBeVisible();
  await expect(bell).toHaveAccessibleName('Notifications');
});

test('clicking a desktop notification opens exactly that conversation', async ({ browser, world }) => {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  const ava = await world.user('Ava');
  const withMarco = await acceptedDirect(marco, dana, 'hi');
  await acceptedDirect(ava, dana, 'hello');
  const a = await openApp(world, browser, dana);
  await openConversation(a.page, 'Ava');

  // The window is in the background (as when Dana works in her DAW): a new message notifies.
  a.host.shell.setFocused(false);
  const shown = a.host.shell.waitFor('notification', (n) => n.conversationId === withMarco);
  await say(marco, withMarco, 'the mix is ready');
  const [notification] = await shown;
  a.host.shell.setFocused(true);
  a.host.shell.clickNotification(notification.tag);

  await expect(ui.conversationTitle(a.page)).toHaveText('Marco');
  await expect(ui.message(a.page, 'the mix is ready')).toBeVisible();
  await expect(ui.composer(a.page)).toBeFocused();
});
