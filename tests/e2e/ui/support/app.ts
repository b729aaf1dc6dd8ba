import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { HeadlessHost } from '../../../../src-main/headless/host.ts';
import { authResultSchema } from '../../../../src-shared/protocol.ts';
import { postJson, TestClient } from '../../../support/test-client.ts';
import { expect, PASSWORD } from '../../shell/world.ts';
import type { E2eUser, E2eWorld } from '../../shell/world.ts';

const root = join(import.meta.dirname, '..', '..', '..', '..');

export interface OpenedApp {
  page: Page;
  host: HeadlessHost;
  context: BrowserContext;
}

/**
 * Opens the messenger for a user in its own browser context (its own tab storage), through its own
 * headless host signed in as that user, and waits for the signed-in layout.
 */
export async function openApp(
  world: E2eWorld,
  browser: Browser,
  user: Pick<E2eUser, 'username' | 'password'>,
  options: {
    theme?: 'dark' | 'light';
    viewport?: { width: number; height: number };
    /** The browser's language (time formats follow it). */
    locale?: string;
    /** Browser permissions granted to the page, such as 'notifications'. */
    permissions?: string[];
  } = {},
): Promise<OpenedApp> {
  const host = await world.host({ signIn: { username: user.username, password: user.password } });
  const context = await browser.newContext({
    colorScheme: options.theme ?? 'dark',
    // Panels fade in; axe measures colours, so measure them settled.
    reducedMotion: 'reduce',
    viewport: options.viewport ?? { width: 1100, height: 720 },
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.permissions ? { permissions: options.permissions } : {}),
  });
  world.track(context);
  const page = await context.newPage();
  await page.goto(host.url);
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  return { page, host, context };
}

/** Runs the server's admin CLI on the world's database (as an operator would, while the server is up). */
export function admin(world: E2eWorld, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'src-server', 'admin', 'cli.ts'), '--data-dir', join(world.dir, 'server'), ...args],
      (error, stdout, stderr) =>
        error ? reject(new Error(`admin ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    );
  });
}

let people = 0;
/**
 * A user with a display name of their own ("Dana Lee"), for screens that should look real; the world's
 * `user()` uses the name in the username, which allows no spaces. The server closes the socket at the end.
 */
export async function namedUser(world: E2eWorld, displayName: string): Promise<E2eUser> {
  people += 1;
  const username = `${displayName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 20)}_${people}${Math.random().toString(36).slice(2, 6)}`;
  const { status, json } = await postJson(world.server.url, '/auth/signup', {
    username,
    displayName,
    password: PASSWORD,
  });
  if (status !== 201) throw new Error(`sign-up of ${displayName} failed: ${status} ${JSON.stringify(json)}`);
  const client = new TestClient(world.server.url, authResultSchema.parse(json));
  await client.connect();
  return { client, username, password: PASSWORD, id: client.userId };
}

let ids = 0;
/** A client id for messages sent by the raw protocol clients that play the other people. */
export function clientId(): string {
  ids += 1;
  return `e2e-ui-${Date.now().toString(36)}-${ids}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Sends a message as a protocol client. */
export async function say(user: E2eUser, conversationId: string, body: string) {
  const { message } = await user.client.request('messages.send', {
    conversationId,
    clientId: clientId(),
    body,
  });
  return message;
}

/** An accepted direct conversation between two users, started by `from`. */
export async function acceptedDirect(from: E2eUser, to: E2eUser, first = 'hey'): Promise<string> {
  const { conversation } = await from.client.request('conversations.startDirect', { userId: to.id });
  await say(from, conversation.id, first);
  await to.client.request('conversations.accept', { conversationId: conversation.id });
  return conversation.id;
}

// ───────────── UI locators (docs/ui-testing.md lists them) ─────────────

export const ui = {
  list: (page: Page) => page.getByRole('listbox', { name: 'Conversations' }),
  row: (page: Page, name: string | RegExp) =>
    ui
      .list(page)
      .getByRole('option', { name: typeof name === 'string' ? new RegExp(`^${escape(name)}`) : name }),
  history: (page: Page) => page.getByRole('log'),
  message: (page: Page, text: string) => ui.history(page).getByTestId('message').filter({ hasText: text }),
  composer: (page: Page) => page.getByRole('textbox', { name: /^Message / }),
  blocked: (page: Page) => page.getByTestId('composer-blocked'),
  conversationTitle: (page: Page) => page.getByTestId('conversation').getByRole('heading', { level: 2 }),
  dialog: (page: Page, name: string | RegExp) => page.getByRole('dialog', { name }),
  menu: (page: Page) => page.getByRole('button', { name: 'Conversation options' }),
  menuItem: (page: Page, name: string | RegExp) => page.getByRole('menuitem', { name }),
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens a conversation from the list by its title and waits for its composer area. */
export async function openConversation(page: Page, title: string): Promise<void> {
  await ui.row(page, title).click();
  await expect(ui.conversationTitle(page)).toHaveText(title);
}

/**
 * Where screenshots of the main screens are written. During `npm test` an ignored folder under
 * test-results/, so a test run leaves the git tree as it found it; `npm run screenshots` (scripts/screenshots.ts)
 * sets BEATPASS_SCREENSHOTS=commit to refresh the committed ones in tests/e2e/screenshots/ (linked from
 * the README) on purpose.
 */
export function screenshotPath(name: string): string {
  const dir =
    process.env.BEATPASS_SCREENSHOTS === 'commit'
      ? join(root, 'tests', 'e2e', 'screenshots')
      : join(root, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
