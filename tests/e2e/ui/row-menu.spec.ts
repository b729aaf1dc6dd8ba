import type { Page } from '@playwright/test';
import { expect, test } from '../shell/world.ts';
import type { E2eWorld } from '../shell/world.ts';
import { acceptedDirect, namedUser, openApp, say, ui } from './support/app.ts';
import { seriousAxe } from './support/axe.ts';

// Issue 10 #10: a context menu on list rows (mouse, Shift+F10, the Menu key): mark read or unread, mute,
// hide; and "Mark all as read".

async function twoUnread(world: E2eWorld) {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const ava = await namedUser(world, 'Ava Cruz');
  const withAva = await acceptedDirect(ava, dana, 'drums are done');
  const withMarco = await acceptedDirect(marco, dana, 'stems uploaded');
  await say(ava, withAva, 'check the shared folder');
  await say(marco, withMarco, 'and the hats');
  return { dana };
}

const rowMenu = (page: Page) => page.getByRole('menu', { name: /^Actions for / });

test('right-click a row: Mark as read without opening it', async ({ browser, world }) => {
  const { dana } = await twoUnread(world);
  const { page } = await openApp(world, browser, dana);
  await expect(ui.row(page, 'Marco Beats')).toHaveAccessibleName(/1 unread/);
  await ui.row(page, 'Marco Beats').click({ button: 'right' });
  await expect(rowMenu(page)).toBeVisible();
  await expect(ui.menuItem(page, 'Mark as read')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rowMenu(page)).toHaveCount(0);
  await expect(ui.row(page, 'Marco Beats')).not.toHaveAccessibleName(/unread/);
  await expect(page.getByTestId('conversation')).toHaveCount(0);
  await expect(ui.list(page)).toBeFocused();
});

test('Shift+F10 and the Menu key open the menu on the highlighted row; Mute is a submenu', async ({
  browser,
  world,
}) => {
  const { dana } = await twoUnread(world);
  const { page } = await openApp(world, browser, dana);
  await ui.list(page).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+F10');
  await expect(rowMenu(page)).toHaveAccessibleName('Actions for Ava Cruz');
  await page.keyboard.press('Escape');
  await expect(rowMenu(page)).toHaveCount(0);
  await expect(ui.list(page)).toBeFocused();

  await page.keyboard.press('ContextMenu');
  await expect(rowMenu(page)).toBeVisible();
  expect(await seriousAxe(page)).toEqual([]);
  await ui.menuItem(page, 'Mute').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('menu', { name: 'Mute' })).toBeVisible();
  await expect(ui.menuItem(page, 'For 1 hour')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('menu', { name: 'Mute' })).toHaveCount(0);
  await expect(ui.menuItem(page, 'Mute')).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await expect(ui.menuItem(page, 'Until I turn it back on')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.row(page, 'Ava Cruz')).toHaveAccessibleName(/muted/);
  await expect(ui.list(page)).toBeFocused();
});

test('Mark all as read, from the row menu and with Shift+Esc', async ({ browser, world }) => {
  const { dana } = await twoUnread(world);
  const { page } = await openApp(world, browser, dana);
  // The requests the page sends to its host, read off the bridge's WebSocket.
  const channels: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const match = /"channel":"([^"]+)"/.exec(String(payload));
      if (match?.[1]) channels.push(match[1]);
    }),
  );
  await page.reload();
  await expect(ui.row(page, 'Ava Cruz')).toBeVisible();
  await ui.row(page, 'Ava Cruz').click({ button: 'right' });
  await ui.menuItem(page, 'Mark all as read').click();
  await expect(ui.list(page).getByTestId('unread-badge')).toHaveCount(0);
  await expect(page.getByText('2 conversations marked as read.')).toBeVisible();
  // One call for all of them, not one markRead per conversation.
  expect(channels.filter((c) => c === 'conversations.markAllRead')).toHaveLength(1);
  expect(channels.filter((c) => c === 'conversations.markRead')).toHaveLength(0);

  // Mark one unread again, then Shift+Esc clears it.
  await ui.row(page, 'Marco Beats').click({ button: 'right' });
  await ui.menuItem(page, 'Mark as unread').click();
  await expect(ui.row(page, 'Marco Beats')).toHaveAccessibleName(/marked unread/);
  await page.keyboard.press('Shift+Escape');
  await expect(ui.row(page, 'Marco Beats')).not.toHaveAccessibleName(/unread/);
});

test('Hide from the row menu asks first', async ({ browser, world }) => {
  const { dana } = await twoUnread(world);
  const { page } = await openApp(world, browser, dana);
  await ui.row(page, 'Ava Cruz').click({ button: 'right' });
  await ui.menuItem(page, 'Hide conversation…').click();
  const confirm = ui.dialog(page, 'Hide conversation?');
  await confirm.getByRole('button', { name: 'Hide' }).click();
  await expect(ui.row(page, 'Ava Cruz')).toHaveCount(0);
  await expect(ui.row(page, 'Marco Beats')).toBeVisible();
});
