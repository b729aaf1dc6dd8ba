import { expect, test } from '../shell/world.ts';
import { BUDGET } from '../shell/world.ts';
import { acceptedDirect, namedUser, openApp, openConversation, say, ui } from './support/app.ts';
import { seriousAxe } from './support/axe.ts';

// Issue 9 / 10: in a browser tab the core's notifications are shown with the Web Notifications API once
// the person allowed it, and a click opens the conversation (webNotification.show / click).

/**
 * Keeps every notification the page creates (the real browser `Notification`, subclassed only to record
 * it), so the test can read it and click it as the person would.
 */
const RECORD_NOTIFICATIONS = `
  const Real = window.Notification;
  const shown = [];
  window.__shownNotifications = shown;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      shown.push({ title, body: options && options.body, tag: options && options.tag, notification: this });
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (...args) => Real.requestPermission(...args);
  window.Notification = Recorded;
`;

declare global {
  interface Window {
    __shownNotifications: { title: string; body: string; tag: string; notification: Notification }[];
  }
}

test('a message while the tab is in the background shows a notification; its click opens the conversation', async ({
  browser,
  world,
  pageErrors,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const ava = await namedUser(world, 'Ava Cruz');
  const withMarco = await acceptedDirect(marco, dana, 'yo');
  await acceptedDirect(ava, dana, 'hi');
  const { page, host, context } = await openApp(world, browser, dana, { permissions: ['notifications'] });
  await context.addInitScript(RECORD_NOTIFICATIONS);
  await page.reload();
  await openConversation(page, 'Ava Cruz');

  // Allowed: no prompt, and Settings says so.
  await expect(page.getByTestId('web-notification-prompt')).toHaveCount(0);
  await page.getByRole('button', { name: /^Settings/ }).click();
  await expect(page.getByTestId('web-notification-setting')).toContainText('On: new messages show');
  expect(await seriousAxe(page)).toEqual([]);
  await page.keyboard.press('Escape');

  // The tab is in the background (the page's focus is the browser's; pinned here, as no window has focus
  // in a headless browser): Marco's message notifies.
  host.shell.setFocused(false);
  await say(marco, withMarco, 'new beat is up');
  await page.waitForFunction(
    () => window.__shownNotifications.some((n) => n.body?.includes('new beat is up')),
    undefined,
    { timeout: BUDGET.relayed },
  );
  const shown = await page.evaluate(() =>
    window.__shownNotifications.map(({ title, body, tag }) => ({ title, body, tag })),
  );
  expect(shown).toContainEqual({
    title: 'Marco Beats',
    body: 'new beat is up',
    tag: `conversation:${withMarco}`,
  });

  // Clicked: the conversation opens.
  host.shell.setFocused(null);
  await page.evaluate(() => {
    const last = window.__shownNotifications.at(-1);
    last?.notification.dispatchEvent(new Event('click'));
  });
  await expect(ui.conversationTitle(page)).toHaveText('Marco Beats');
  await expect(ui.message(page, 'new beat is up')).toBeVisible();

  // The permission taken back in the browser's settings: Settings follows at once, without a reload.
  await context.clearPermissions();
  await page.getByRole('button', { name: /^Settings/ }).click();
  await expect(page.getByTestId('web-notification-setting')).not.toContainText('On: new messages show');
  expect(pageErrors).toEqual([]);
});

test('a message missed in the background while the browser was never asked offers notifications; Not now hides it', async ({
  browser,
  world,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const withMarco = await acceptedDirect(marco, dana, 'yo');
  const { page, host } = await openApp(world, browser, dana);
  const permission = await page.evaluate(() => Notification.permission);
  test.skip(permission !== 'default', `this browser answers "${permission}" without asking`);
  const prompt = page.getByTestId('web-notification-prompt');
  await expect(prompt).toHaveCount(0);
  host.shell.setFocused(false);
  await say(marco, withMarco, 'you there?');
  await expect(prompt).toContainText('Get notified next time?', { timeout: BUDGET.relayed });
  host.shell.setFocused(null);
  expect(await seriousAxe(page)).toEqual([]);
  await prompt.getByRole('button', { name: 'Not now' }).click();
  await expect(prompt).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  host.shell.setFocused(false);
  await say(marco, withMarco, 'hello again');
  await expect(ui.row(page, 'Marco Beats')).toHaveAccessibleName(/hello again/, { timeout: BUDGET.relayed });
  await expect(prompt).toHaveCount(0);
});
