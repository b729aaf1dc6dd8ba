import { expect, test } from '../shell/world.ts';
import { acceptedDirect, namedUser, openApp, say, ui } from './support/app.ts';
import { seriousAxe } from './support/axe.ts';

// Issue 10 #2: beside a DAW the window is narrow. Below the breakpoint the app shows one pane, the list
// or the conversation, with Back (Esc or Alt+←); header actions fold into the ⋯ menu; the composer works.

async function narrowApp(world: Parameters<typeof openApp>[0], browser: Parameters<typeof openApp>[1]) {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const id = await acceptedDirect(
    marco,
    dana,
    'Hey Dana! Loved your last pack. Want to collab on a lo-fi loop?',
  );
  await say(marco, id, 'Uploading the stems now: 92 BPM, key of F minor, the hats are swung a bit more.');
  const app = await openApp(world, browser, dana, { viewport: { width: 400, height: 700 } });
  return { ...app, marco };
}

test('narrow: the list alone, then the conversation alone with Back; Esc and Alt+← return to the list', async ({
  browser,
  world,
  pageErrors,
}) => {
  const { page } = await narrowApp(world, browser);
  await expect(ui.list(page)).toBeVisible();
  await expect(page.getByRole('main', { name: 'Conversation' })).toHaveCount(0);

  await ui.list(page).focus();
  await page.keyboard.press('Enter');
  await expect(ui.conversationTitle(page)).toHaveText('Marco Beats');
  await expect(ui.list(page)).toHaveCount(0);
  await expect(ui.composer(page)).toBeFocused();
  await expect(page.getByRole('button', { name: 'Back to conversations' })).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(ui.list(page)).toBeFocused();
  await expect(ui.row(page, 'Marco Beats')).toHaveClass(/conv-row--cursor/);

  await page.keyboard.press('Enter');
  await expect(ui.composer(page)).toBeFocused();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(ui.list(page)).toBeFocused();

  await ui.row(page, 'Marco Beats').click();
  await page.getByRole('button', { name: 'Back to conversations' }).click();
  await expect(ui.list(page)).toBeFocused();
  expect(pageErrors).toEqual([]);
});

test('narrow: header actions fold into the menu, messages keep their width, the composer sends', async ({
  browser,
  world,
  pageErrors,
}) => {
  const { page } = await narrowApp(world, browser);
  await ui.row(page, 'Marco Beats').click();
  const header = page.getByTestId('conversation').locator('header').first();
  await expect(header.getByRole('button', { name: /^Follow / })).toHaveCount(0);
  await expect(header.getByRole('button', { name: 'Search messages' })).toHaveCount(0);
  // The title is not covered by the buttons: it ends before the first action starts.
  const titleBox = await ui.conversationTitle(page).boundingBox();
  const menuBox = await ui.menu(page).boundingBox();
  expect(titleBox && menuBox && titleBox.x + titleBox.width <= menuBox.x).toBe(true);

  await ui.menu(page).click();
  await expect(ui.menuItem(page, 'Follow Marco Beats')).toBeVisible();
  await expect(ui.menuItem(page, 'Search in this conversation')).toBeVisible();
  await ui.menuItem(page, 'Follow Marco Beats').click();
  await ui.menu(page).click();
  await expect(ui.menuItem(page, 'Unfollow Marco Beats')).toBeVisible();
  // Escape closes an open menu wherever focus is (its first item takes focus only after paint), and
  // only the menu: it does not also leave the conversation.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(ui.conversationTitle(page)).toHaveText('Marco Beats');

  // A long message wraps into a few lines, not one word per line.
  const bubble = ui.message(page, 'Uploading the stems').locator('.msg__bubble');
  const box = await bubble.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(250);

  await ui.composer(page).fill('Sounds great, send them over');
  await ui.composer(page).press('Enter');
  await expect(ui.message(page, 'Sounds great, send them over')).toHaveAttribute(
    'data-state',
    /sent|delivered|seen/,
  );
  const composerBox = await ui.composer(page).boundingBox();
  expect(composerBox && composerBox.x + composerBox.width <= 400).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('narrow layout passes axe (list and conversation)', async ({ browser, world }) => {
  const { page } = await narrowApp(world, browser);
  expect(await seriousAxe(page)).toEqual([]);
  await ui.row(page, 'Marco Beats').click();
  await expect(ui.message(page, 'Uploading the stems')).toBeVisible();
  expect(await seriousAxe(page)).toEqual([]);
});

test('compact density fits more rows and is remembered', async ({ browser, world }) => {
  const { page } = await narrowApp(world, browser);
  const row = ui.row(page, 'Marco Beats');
  const comfortable = (await row.boundingBox())?.height ?? 0;
  await page.getByRole('button', { name: 'Settings' }).click();
  await ui.dialog(page, 'Settings').getByRole('radio', { name: 'Compact' }).check();
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await row.boundingBox())?.height ?? 0).toBeLessThan(comfortable * 0.8);
  await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
});
