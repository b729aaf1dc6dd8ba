import type { Browser, Page } from '@playwright/test';
import { E2eWorld, expect, test } from '../../shell/world.ts';
import {
  acceptedDirect,
  admin,
  namedUser,
  openApp,
  openConversation,
  say,
  screenshotPath,
  ui,
} from './app.ts';
import { seriousAxe } from './axe.ts';

/**
 * Every main screen in a theme (screens-dark.spec.ts, screens-light.spec.ts): no serious or critical axe violation, and a screenshot (an ignored
 * folder during `npm test`; `npm run screenshots` refreshes the committed ones, see support/app.ts).
 *
 * One test per screen: an axe scan takes seconds on a loaded machine, so ten in one test outran its
 * timeout. The lived-in world is built once per theme (beforeAll); each test opens its screen from the
 * conversation list and closes it again, so a test can also run alone (`-g`). After a failure Playwright
 * starts a new worker, which builds the world afresh for the tests that remain.
 */

/** Fails on serious or critical axe violations, listing them with the screen they were on. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect((await seriousAxe(page)).map((line) => `${screen}: ${line}`)).toEqual([]);
}

/** A lived-in world for Dana: a direct chat, a group, a pending request, a report to moderate. */
export async function populated(world: E2eWorld) {
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
  // Ava and Lou have not accepted Dana before: they are invited, and join.
  for (const who of [ava, lou])
    await who.client.request('conversations.accept', { conversationId: group.id });
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

/**
 * The overlays: how each opens, when it is ready to scan, its dialog's name (Esc closes it, so the next
 * test starts from the conversation list) and its screenshot, if any.
 */
const OVERLAYS: {
  name: string;
  dialog: string;
  shot: string | null;
  open(page: Page): Promise<void>;
  ready(page: Page): Promise<void>;
}[] = [
  {
    name: 'quick switcher',
    dialog: 'Jump to',
    shot: '05-quick-switcher',
    open: async (page) => {
      await page.keyboard.press('Control+k');
      await ui.dialog(page, 'Jump to').getByRole('combobox').fill('ma');
    },
    ready: (page) => expect(ui.dialog(page, 'Jump to').getByRole('option').first()).toBeVisible(),
  },
  {
    name: 'new message',
    dialog: 'New message',
    shot: '06-new-message',
    open: (page) => page.keyboard.press('Control+n'),
    ready: (page) => expect(ui.dialog(page, 'New message').getByRole('option').first()).toBeVisible(),
  },
  {
    name: 'settings',
    dialog: 'Settings',
    shot: '07-settings',
    open: (page) => page.getByRole('button', { name: 'Settings' }).click(),
    ready: (page) => expect(ui.dialog(page, 'Settings').getByRole('table')).toBeVisible(),
  },
  {
    name: 'notifications',
    dialog: 'Notifications',
    shot: '08-notifications',
    open: (page) => page.getByTestId('notifications-bell').click(),
    ready: (page) =>
      expect(ui.dialog(page, 'Notifications').getByTestId('notification').first()).toBeVisible(),
  },
  {
    name: 'moderation',
    dialog: 'Moderation',
    shot: '09-moderation',
    open: (page) => page.getByRole('button', { name: /^Moderation/ }).click(),
    ready: (page) => expect(ui.dialog(page, 'Moderation').getByTestId('report')).toHaveCount(1),
  },
  {
    name: 'your own user card',
    dialog: 'Dana Lee',
    shot: null,
    open: (page) => page.getByRole('button', { name: 'Your profile: Dana Lee' }).click(),
    ready: (page) => expect(ui.dialog(page, 'Dana Lee').getByText('This is you.')).toBeVisible(),
  },
  {
    name: 'keyboard shortcuts',
    dialog: 'Keyboard shortcuts',
    shot: '10-shortcuts',
    open: (page) => page.keyboard.press('Control+/'),
    ready: (page) => expect(ui.dialog(page, 'Keyboard shortcuts')).toBeVisible(),
  },
];

/** Defines the screens' tests in one theme; each theme has its spec file, so two workers share the work. */
export function screensIn(theme: 'dark' | 'light'): void {
  test.describe(`main screens (${theme})`, () => {
    let world: E2eWorld;
    let page: Page;
    const shot = (name: string) => page.screenshot({ path: screenshotPath(`${name}-${theme}`) });

    test.beforeAll(async ({ browser }) => {
      world = new E2eWorld();
      await world.start();
      const { dana } = await populated(world);
      ({ page } = await openApp(world, browser, dana, { theme, viewport: { width: 1200, height: 760 } }));
    });

    test.afterAll(async () => {
      await world?.close();
    });

    test('conversation list', async () => {
      await expect(ui.list(page).getByRole('option')).toHaveCount(3);
      await expectAccessible(page, 'conversation list');
      await shot('01-conversation-list');
    });

    test('conversation', async () => {
      await openConversation(page, 'Marco Beats');
      await expect(ui.message(page, 'hats are swung')).toBeVisible();
      await expectAccessible(page, 'conversation');
      await shot('02-conversation');
    });

    test('group', async () => {
      await openConversation(page, 'Summer pack collab');
      await expect(ui.message(page, 'Deadline is Friday')).toBeVisible();
      await expectAccessible(page, 'group');
      await shot('03-group');
    });

    test('message request', async () => {
      await openConversation(page, 'Kenji Tanaka');
      await expect(page.getByRole('region', { name: 'Message request' })).toBeVisible();
      await expectAccessible(page, 'message request');
      await shot('04-message-request');
    });

    for (const overlay of OVERLAYS) {
      test(overlay.name, async () => {
        // Over the message request, as the overlays were captured from the start.
        if (overlay.shot) await openConversation(page, 'Kenji Tanaka');
        await overlay.open(page);
        await overlay.ready(page);
        await expectAccessible(page, overlay.name);
        if (overlay.shot) await shot(overlay.shot);
        await page.keyboard.press('Escape');
        await expect(ui.dialog(page, overlay.dialog)).toHaveCount(0);
      });
    }
  });

  test.describe(`signed out (${theme})`, () => {
    /** The sign-in screen of a host that is not signed in. */
    async function signInScreen(world: E2eWorld, browser: Browser) {
      const host = await world.host();
      const context = await browser.newContext({
        colorScheme: theme,
        reducedMotion: 'reduce',
        viewport: { width: 1200, height: 760 },
      });
      world.track(context);
      const page = await context.newPage();
      await page.goto(host.url);
      await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
      return page;
    }

    test('sign in, with the error of an empty form', async ({ browser, world }) => {
      const page = await signInScreen(world, browser);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectAccessible(page, 'sign in');
      await page.screenshot({ path: screenshotPath(`00-sign-in-${theme}`) });
    });

    test('create account', async ({ browser, world }) => {
      const page = await signInScreen(world, browser);
      await page.getByRole('tab', { name: 'Create account' }).click();
      await expect(page.getByLabel('Display name')).toBeVisible();
      await expectAccessible(page, 'sign up');
    });
  });
}
