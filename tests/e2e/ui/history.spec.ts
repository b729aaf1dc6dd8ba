import { authResultSchema } from '../../../src-shared/protocol.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import { postJson, TestClient } from '../../support/test-client.ts';
import { expect, PASSWORD, test } from '../shell/world.ts';
import { acceptedDirect, clientId, openApp, openConversation, ui } from './support/app.ts';

test('a history opens at its newest message; older pages load as you scroll up, without the view jumping', async ({
  browser,
  world,
}) => {
  const dana = await world.user('Dana');
  const marco = await world.user('Marco');
  const conversationId = await acceptedDirect(marco, dana, 'message 0');
  // 240 more messages: more than two pages. The server limits sends per connection, so Marco writes
  // through several sessions of his.
  const total = 240;
  const sessions: TestClient[] = [];
  for (let s = 0; s < Math.ceil(total / (LIMITS.sendRatePerWindow - 2)); s++) {
    const { json } = await postJson(world.server.url, '/auth/signin', {
      username: marco.username,
      password: PASSWORD,
    });
    const client = new TestClient(world.server.url, authResultSchema.parse(json));
    await client.connect();
    sessions.push(client);
  }
  for (let i = 1; i <= total; i++) {
    const client = sessions[Math.floor((i - 1) / (LIMITS.sendRatePerWindow - 2))]!;
    await client.request('messages.send', { conversationId, clientId: clientId(), body: `message ${i}` });
  }
  for (const client of sessions) await client.close();

  const { page } = await openApp(world, browser, dana);
  // The first message rows ever mounted are the newest: the history does not mount the oldest rows of
  // the page first and scroll to the end a frame later.
  await page.evaluate(() => {
    const w = window as unknown as { firstMounted?: string[] };
    const observer = new MutationObserver(() => {
      const rows = document.querySelectorAll('[role="log"] [data-testid="message"]');
      if (rows.length === 0) return;
      observer.disconnect();
      w.firstMounted = Array.from(rows, (row) => row.querySelector('.msg__body')?.textContent ?? '');
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  await openConversation(page, 'Marco');
  const history = ui.history(page);
  await expect(ui.message(page, `message ${total}`)).toBeVisible();
  const firstMounted = await page.evaluate(
    () => (window as unknown as { firstMounted?: string[] }).firstMounted,
  );
  expect(firstMounted).toContain(`message ${total}`);
  expect(firstMounted).not.toContain(`message ${total - LIMITS.historyPageMax + 1}`);
  // Virtualized: far fewer rows mounted than messages loaded.
  expect(await history.getByTestId('message').count()).toBeLessThan(60);
  // The page's first frame mounts the rows in view and only two more above them; the rows kept ready
  // above the view for a scroll up follow after that frame.
  const above = () =>
    history.evaluate((el) => {
      const top = el.getBoundingClientRect().top;
      const rows = Array.from(el.querySelectorAll('[data-testid="message"]'));
      return rows.filter((row) => row.getBoundingClientRect().bottom <= top).length;
    });
  await expect.poll(above).toBeGreaterThanOrEqual(8);
  expect(await history.getByTestId('message').count()).toBeGreaterThan(firstMounted?.length ?? 0);

  // Scroll to the top of the first page: the page before it loads, and what was on screen stays put.
  const firstLoaded = total - LIMITS.historyPageMax + 1;
  // Scroll close to the top (not yet close enough to load), pick a mounted message just above the view,
  // then reach the top and note where that message is on screen, in the same task (before the older page
  // can arrive). After the page is in, it must be in the same place.
  const seen = await history.evaluate(async (el) => {
    el.scrollTop = 700;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const top = el.getBoundingClientRect().top;
    const rows = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="message"]'));
    const pick = rows.find(
      (r) => r.getBoundingClientRect().top > top - 300 && r.getBoundingClientRect().top < top - 120,
    );
    el.scrollTop = 0;
    return pick ? { key: pick.dataset.key ?? '', y: pick.getBoundingClientRect().y } : null;
  });
  expect(seen).not.toBeNull();
  await expect(ui.message(page, `message ${firstLoaded - 2}`)).toBeAttached();
  await expect(history).toHaveAttribute('aria-busy', 'false');
  const after = await history.locator(`[data-key="${seen?.key}"]`).boundingBox();
  // Within a few pixels: the first loaded message may gain or lose its group's top spacing.
  expect(Math.abs((after?.y ?? 0) - (seen?.y ?? 0))).toBeLessThan(12);

  // Keep going up to the very first message.
  for (let i = 0; i < 10 && !(await ui.message(page, 'message 0').isVisible()); i++) {
    await history.evaluate((el) => (el.scrollTop = 0));
    await expect(history).toHaveAttribute('aria-busy', 'false');
  }
  await expect(ui.message(page, 'message 0')).toBeVisible();
});
