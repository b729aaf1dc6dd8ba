import { expect, test } from '../shell/world.ts';
import { namedUser, openApp, ui } from './support/app.ts';

// Issue 10 #4: with one recipient chosen Enter starts the chat; adding more people is explicit; the keys
// are on screen.

test('New message: Enter picks one person, Enter again starts the direct chat', async ({
  browser,
  world,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  await namedUser(world, 'Mara Voss');
  const { page } = await openApp(world, browser, dana);
  await page.keyboard.press('Control+n');
  const dialog = ui.dialog(page, 'New message');
  const field = dialog.getByRole('combobox');
  await field.fill(marco.username.slice(0, 6));
  await expect(dialog.getByRole('option', { name: /Marco Beats/ })).toBeVisible();
  await expect(dialog.getByText('pick this person')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('list', { name: 'Selected people' })).toContainText('Marco Beats');
  // The suggestions step aside, and the keys say what Enter does now.
  await expect(dialog.getByRole('option')).toHaveCount(0);
  await expect(dialog.getByText('start the chat')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(ui.conversationTitle(page)).toHaveText('Marco Beats');
  await expect(ui.composer(page)).toBeFocused();
});

test('New message: adding a second person is typing their name; Enter then creates the group', async ({
  browser,
  world,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const ava = await namedUser(world, 'Ava Cruz');
  // Both follow Dana, so they join her group at once (anyone else would be invited: the consent rule).
  for (const person of [marco, ava]) await person.client.request('users.follow', { userId: dana.id });
  const { page } = await openApp(world, browser, dana);
  await page.keyboard.press('Control+n');
  const dialog = ui.dialog(page, 'New message');
  const field = dialog.getByRole('combobox');
  await field.fill(marco.username.slice(0, 6));
  await expect(dialog.getByRole('option', { name: /Marco Beats/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await field.fill(ava.username.slice(0, 5));
  await expect(dialog.getByRole('option', { name: /Ava Cruz/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('Group of 3')).toBeVisible();
  await expect(dialog.getByText('create the group')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(ui.conversationTitle(page)).toHaveText(/Marco Beats and Ava Cruz|Ava Cruz and Marco Beats/);
});
