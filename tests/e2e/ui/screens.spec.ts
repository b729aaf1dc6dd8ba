import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../shell/world.ts';
import type { E2eWorld } from '../shell/world.ts';
import {
  acceptedDirect,
  admin,
  namedUser,
  openApp,
  openConversation,
  say,
  screenshotPath,
  ui,
} from './support/app.ts';

/** Fails on serious or critical axe violations, listing them (rule, impact, first target). */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes[0]?.target.join(' ')}: ${v.help}`);
  expect(bad).toEqual([]);
}

/** A lived-in world for Dana: a direct chat, a group, a pending request, a report to moderate. */
async function populated(world: E2eWorld) {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const ava = await namedUser(world, 'Ava Cruz');
  const kenji = await namedUser(world, 'Kenji Tanaka');
  const lou = await namedUser(world, 'Lou Reyes');
  await admin(world, 'set-role', dana.username, 'moderator');
  const direct = await acceptedDirect(
    marco,
    dana,
    'Hey Dana! Loved your last pack. Want to collab on a lo-fi loop?',
  );
  await say(dana, direct, 'Yes! Send me the stems when you can.');
  await say(marco, direct, 'Uploading now. 92 BPM, key of F minor.');
  const spam = await say(marco, direct, 'Check the second bounce, the hats are swung a bit more.');
  const { conversation: group } = await dana.client.request('conversations.createGroup', {
    userIds: [ava.id, lou.id],
    title: 'Summer pack collab',
  });
  await say(ava, group.id, 'Drums are done, uploading to the shared folder.');
  await say(lou, group.id, 'Nice, I will add bass tonight.');
  await say(dana, group.id, 'Perfect. Deadline is Friday.');
  const { conversation: request } = await kenji.client.request('conversations.startDirect', {
    userId: dana.id,
  });
  await say(kenji, request.id, 'Hi! Are you taking custom beat requests this month?');
  await ava.client.request('users.follow', { userId: dana.id });
  await dana.client.request('reports.message', { messageId: spam.id, reason: 'Testing the moderation feed' });
  return { dana };
}

for (const theme of ['dark', 'light'] as const) {
  test(`main screens pass axe and are captured (${theme})`, async ({ browser, world }) => {
    const { dana } = await populated(world);
    const { page } = await openApp(world, browser, dana, { theme, viewport: { width: 1200, height: 760 } });
    const shot = (name: string) => page.screenshot({ path: screenshotPath(`${name}-${theme}`) });

    await expect(ui.list(page).getByRole('option')).toHaveCount(3);
    await expectAccessible(page, 'conversation list');
    await shot('01-conversation-list');

    await openConversation(page, 'Marco Beats');
    await expect(ui.message(page, 'hats are swung')).toBeVisible();
    await expectAccessible(page, 'conversation');
    await shot('02-conversation');

    await openConversation(page, 'Summer pack collab');
    await expect(ui.message(page, 'Deadline is Friday')).toBeVisible();
    await shot('03-group');

    await openConversation(page, 'Kenji Tanaka');
    await expect(page.getByRole('region', { name: 'Message request' })).toBeVisible();
    await expectAccessible(page, 'message request');
    await shot('04-message-request');

    await page.keyboard.press('Control+k');
    await ui.dialog(page, 'Jump to').getByRole('combobox').fill('ma');
    await expect(ui.dialog(page, 'Jump to').getByRole('option').first()).toBeVisible();
    await expectAccessible(page, 'quick switcher');
    await shot('05-quick-switcher');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+n');
    await expect(ui.dialog(page, 'New message').getByRole('option').first()).toBeVisible();
    await expectAccessible(page, 'new message');
    await shot('06-new-message');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(ui.dialog(page, 'Settings').getByRole('table')).toBeVisible();
    await expectAccessible(page, 'settings');
    await shot('07-settings');
    await page.keyboard.press('Escape');

    await page.getByTestId('notifications-bell').click();
    await expect(ui.dialog(page, 'Notifications').getByTestId('notification').first()).toBeVisible();
    await expectAccessible(page, 'notifications');
    await shot('08-notifications');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /^Moderation/ }).click();
    await expect(ui.dialog(page, 'Moderation').getByTestId('report')).toHaveCount(1);
    await expectAccessible(page, 'moderation');
    await shot('09-moderation');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Your profile: Dana Lee' }).click();
    await expect(ui.dialog(page, 'Dana Lee').getByText('This is you.')).toBeVisible();
    await expectAccessible(page, 'user card');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+/');
    await expect(ui.dialog(page, 'Keyboard shortcuts')).toBeVisible();
    await expectAccessible(page, 'shortcuts');
    await shot('10-shortcuts');
  });

  test(`the sign-in screen passes axe and is captured (${theme})`, async ({ browser, world }) => {
    const host = await world.host();
    const context = await browser.newContext({
      colorScheme: theme,
      reducedMotion: 'reduce',
      viewport: { width: 1200, height: 760 },
    });
    const page = await context.newPage();
    await page.goto(host.url);
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectAccessible(page, 'sign in');
    await page.screenshot({ path: screenshotPath(`00-sign-in-${theme}`) });
    await page.getByRole('tab', { name: 'Create account' }).click();
    await expect(page.getByLabel('Display name')).toBeVisible();
    await expectAccessible(page, 'sign up');
    await context.close();
  });
}
