import { LIMITS } from '../../../src-shared/limits.ts';
import { BUDGET, expect, test } from '../shell/world.ts';
import { acceptedDirect, namedUser, openApp, openConversation, say, ui } from './support/app.ts';

// Issue 9, renderer parts: the composer enforces the message limit (typed or pasted, with feedback),
// drafts stay capped, an unreachable core is shown, and bidi controls cannot reorder the UI.

test('a 300 KB paste is cut to the message limit with a note, and the draft survives', async ({
  browser,
  world,
  pageErrors,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const marco = await namedUser(world, 'Marco Beats');
  const conversationId = await acceptedDirect(marco, dana, 'send me the lyrics');
  const { page, host } = await openApp(world, browser, dana);
  await openConversation(page, 'Marco Beats');
  const composer = ui.composer(page);
  // A real paste: the clipboard event's text lands in the field through the browser.
  await composer.focus();
  await page.evaluate((text) => {
    const field = document.activeElement as HTMLTextAreaElement;
    const data = new DataTransfer();
    data.setData('text/plain', text);
    field.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
    // Chromium does not insert synthetic pastes; insert as the browser would for a real one.
    document.execCommand('insertText', false, text);
  }, 'la '.repeat(100_000));
  await expect(page.getByTestId('composer-capped')).toHaveText(/pasted text was cut/);
  await expect.poll(async () => [...(await composer.inputValue())].length).toBe(LIMITS.messageMaxChars);
  await expect(page.getByTestId('composer-counter')).toHaveText('0 left');

  // Typing more changes nothing and says why.
  await composer.press('End');
  await composer.press('x');
  await expect(page.getByTestId('composer-capped')).toHaveText(/up to 2,000 characters/);
  expect([...(await composer.inputValue())].length).toBe(LIMITS.messageMaxChars);

  // The draft autosave went through, capped (an oversized one used to end the host): main holds it, and a
  // reload brings it back.
  await expect
    .poll(() => [...(host.core.cache.drafts.get(conversationId) ?? '')].length, { timeout: BUDGET.local })
    .toBe(LIMITS.messageMaxChars);
  await page.reload();
  await openConversation(page, 'Marco Beats');
  await expect
    .poll(async () => [...(await composer.inputValue())].length, { timeout: BUDGET.local })
    .toBe(LIMITS.messageMaxChars);
  await composer.press('Enter');
  await expect(ui.history(page).getByTestId('message').last()).toHaveAttribute(
    'data-state',
    /sent|delivered|seen/,
  );
  expect(pageErrors).toEqual([]);
});

test('when the app core stops answering, the page says so', async ({ browser, world }) => {
  const dana = await namedUser(world, 'Dana Lee');
  const { page, host } = await openApp(world, browser, dana);
  await expect(page.getByTestId('core-banner')).toHaveCount(0);
  await host.close();
  await expect(page.getByTestId('core-banner')).toContainText('The app is not responding.');
});

test('bidi controls in a name and a message cannot reorder the UI around them', async ({
  browser,
  world,
  pageErrors,
}) => {
  const dana = await namedUser(world, 'Dana Lee');
  const eve = await namedUser(world, 'Eve \u202Egnp.exe');
  const id = await acceptedDirect(eve, dana, 'hello');
  await say(eve, id, 'open \u202Egnp.exe\u2066 now');
  const { page } = await openApp(world, browser, dana);
  const row = ui.row(page, /^Eve gnp\.exe/);
  await expect(row).toBeVisible();
  // No control survives in what is shown, and each name is its own direction island.
  const title = row.locator('.conv-row__title');
  expect(await title.textContent()).toBe('Eve gnp.exe');
  expect(await title.evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe('isolate');
  // The time stays at the row's end, after the title, as in every other row.
  const t = await title.boundingBox();
  const time = await row.locator('time').boundingBox();
  expect(t && time && time.x > t.x).toBe(true);

  await row.click();
  const message = ui.message(page, 'open gnp.exe now');
  await expect(message).toBeVisible();
  const body = message.locator('.msg__body');
  expect(await body.textContent()).toBe('open gnp.exe now');
  expect(await body.evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe('isolate');
  expect(await ui.conversationTitle(page).textContent()).toBe('Eve gnp.exe');
  expect(pageErrors).toEqual([]);
});
