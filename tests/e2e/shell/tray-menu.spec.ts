import { SystemTrayService } from '../../../src-main/electron/tray/system-tray-service.ts';
import type { TrayHandle } from '../../../src-main/electron/tray/system-tray-service.ts';
import { bindTray } from '../../../src-main/electron/tray/tray-binding.ts';
import { traySourceFor } from '../../../src-main/electron/tray/core-tray-source.ts';
import type { TrayMenuItem } from '../../../src-main/electron/tray/tray-model.ts';
import { openDeepLink } from '../../../src-main/electron/deep-link-inbox.ts';
import { acceptedDirect, say } from '../ui/support/app.ts';
import { expect, signIn, test } from './world.ts';

/**
 * The tray as the desktop app wires it (tray service, binding, core source, deep-link opening), driven
 * through its injected native port: the real core of a headless host, the real renderer in Chromium and a
 * real server. Only Electron's Tray is replaced, by a handle that keeps what it was last told to show.
 */
type ClickableItem = Exclude<TrayMenuItem, { type: 'separator' } | { type: 'submenu' }>;

class ShownTray implements TrayHandle {
  icon = '';
  toolTip = '';
  menu: readonly TrayMenuItem[] = [];
  setIcon(iconName: string): void {
    this.icon = iconName;
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setMenu(items: readonly TrayMenuItem[]): void {
    this.menu = items;
  }
  destroy(): void {
    this.menu = [];
  }
  /** A clickable menu entry whose label matches, searched through submenus too. */
  item(label: RegExp, items: readonly TrayMenuItem[] = this.menu): ClickableItem | null {
    for (const item of items) {
      if (item.type === 'separator') continue;
      if (item.type === 'submenu') {
        const inner = this.item(label, item.submenu);
        if (inner) return inner;
      } else if (label.test(item.label)) return item;
    }
    return null;
  }
}

test('the tray lists an unread conversation with its count; choosing it opens that conversation in the page', async ({
  page,
  world,
  pageErrors,
}) => {
  const alice = await world.user('alice');
  const bob = await world.user('bob');
  const withBob = await acceptedDirect(bob, alice, 'hi');
  await alice.client.close();

  const host = await world.host();
  await page.goto(host.url);
  await signIn(page, alice);
  await expect(page.getByRole('listbox', { name: 'Conversations' })).toBeVisible();

  let shown = 0;
  const native = new ShownTray();
  const tray = new SystemTrayService(
    ({ iconName, toolTip }) => {
      native.setIcon(iconName);
      native.setToolTip(toolTip);
      return native;
    },
    {
      toggleWindow: () => undefined,
      showWindow: () => undefined,
      openConversation: (conversationId) =>
        openDeepLink(
          { kind: 'conversation', conversationId },
          { showAndFocus: () => (shown += 1) },
          host.core,
        ),
      setDoNotDisturb: () => undefined,
      setStartAtLogin: () => undefined,
      quit: () => undefined,
    },
  );
  const unbind = bindTray((patch) => tray.update(patch), traySourceFor(host.core));
  try {
    await expect.poll(() => native.item(/No unread messages/) !== null).toBe(true);
    expect(native.icon).toBe('tray-none');

    await say(bob, withBob, 'new stems are up');
    // The icon carries the count, and the menu lists Bob's conversation with its unread count.
    await expect.poll(() => native.item(/bob/i)?.label ?? '').toMatch(/\b1\b/);
    // The count comes with its own event (badge.changed), just after the list's.
    await expect.poll(() => native.icon).toBe('tray-1');
    expect(native.toolTip).toMatch(/1 unread/);

    native.item(/bob/i)?.click?.();
    expect(shown).toBe(1);
    await expect(page.getByRole('log').getByText('new stems are up')).toBeVisible();
    await expect(page.getByRole('textbox', { name: /^Message / })).toBeFocused();
    // Opening it read it: the tray forgets it and the icon loses its count.
    await expect.poll(() => native.item(/No unread messages/) !== null).toBe(true);
    await expect.poll(() => native.icon).toBe('tray-none');
  } finally {
    unbind();
    tray.dispose();
  }
  expect(pageErrors).toEqual([]);
});
