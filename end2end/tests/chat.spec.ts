import { countChimes, expect, openWidget, test, signIn, settle } from './helpers';
import type { Browser, BrowserContext, FrameLocator, Page } from '@playwright/test';

/** Notes played so far inside the chat iframe of `host`. */
async function notesPlayed(host: Page): Promise<number> {
  const frame = host.frames().find((candidate) => candidate.url().includes('/w/'));
  if (!frame) throw new Error('no chat iframe');
  return frame.evaluate(() => (window as unknown as { __notes: number }).__notes);
}

/** A visitor with the chat panel open and connected (the reconnecting notice gone). */
async function openConnectedWidget(
  browser: Browser,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<{ host: Page; widget: FrameLocator }> {
  const opened = await openWidget(browser, prepare);
  await expect(opened.widget.getByText('Reconnecting…')).toBeHidden();
  return opened;
}

test('a visitor and an agent chat live, and the history survives a reload', async ({ page, browser }) => {
  await signIn(page);
  const { host, widget } = await openConnectedWidget(browser);

  const question = `Do you ship to Norway? #${Date.now()}`;
  await widget.getByLabel('Message', { exact: true }).fill(question);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(widget.getByText(question)).toBeVisible();
  await expect(widget.getByText('Sending…')).toBeHidden();

  // The agent sees it live, opens the conversation and answers.
  const row = page.getByRole('button', { name: new RegExp(question.replace(/[?#]/g, '.')) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByRole('list', { name: 'Chat' }).getByText(question)).toBeVisible();
  // Opening the conversation tells the visitor it was read.
  await expect(widget.getByText('Seen', { exact: true })).toBeVisible();

  // Typing shows on the other side, both ways.
  await widget.getByLabel('Message', { exact: true }).pressSequentially('and Sweden', { delay: 20 });
  await expect(page.getByText('Visitor is typing…')).toBeVisible();
  await page.getByLabel('Reply', { exact: true }).pressSequentially('Yes', { delay: 20 });
  await expect(widget.getByText('typing…')).toBeVisible();

  await page.getByLabel('Reply', { exact: true }).fill('Yes, we ship to all of Scandinavia: https://example.com/shipping');
  await page.getByLabel('Reply', { exact: true }).press('Enter');
  const reply = widget.getByText('Yes, we ship to all of Scandinavia:');
  await expect(reply).toBeVisible();
  await expect(widget.getByText('Demo Admin').first()).toBeVisible();
  await expect(widget.getByRole('link', { name: 'https://example.com/shipping' })).toHaveAttribute('rel', /noopener/);

  // Reload the host page: the history is still there.
  await host.reload();
  await settle(host);
  await host.getByRole('button', { name: 'Open chat' }).click();
  const again = host.frameLocator('[data-parley] iframe');
  await expect(again.getByText(question)).toBeVisible();
  await expect(again.getByText('Yes, we ship to all of Scandinavia:')).toBeVisible();
  await host.context().close();
});

test('messages are shown as text, never as HTML', async ({ page, browser }) => {
  await signIn(page);
  const { host, widget } = await openConnectedWidget(browser);
  const attack = `<img src=x onerror="document.title='pwned'"> ${Date.now()}`;
  await widget.getByLabel('Message', { exact: true }).fill(attack);
  await widget.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(widget.getByText(attack)).toBeVisible();
  await expect(page.getByRole('button', { name: new RegExp(`onerror`) }).first()).toBeVisible();
  expect(await page.title()).not.toBe('pwned');
  expect(await host.title()).not.toBe('pwned');
  await host.context().close();
});

test('replies that arrive while the panel is closed show as a badge on the bubble and chime', async ({ page, browser }) => {
  await signIn(page);
  const { host, widget } = await openConnectedWidget(browser, async (context) => {
    await context.addInitScript(countChimes);
  });
  const question = `Anyone there? #${Date.now()}`;
  await widget.getByLabel('Message', { exact: true }).fill(question);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(widget.getByText('Sending…')).toBeHidden();
  await widget.getByRole('button', { name: 'Close chat' }).click();
  await expect(host.getByRole('button', { name: 'Open chat', exact: true })).toBeVisible();

  const row = page.getByRole('button', { name: new RegExp(question.replace(/[?#]/g, '.')) });
  await row.click();
  await page.getByLabel('Reply', { exact: true }).fill('Yes, I am here.');
  await page.getByLabel('Reply', { exact: true }).press('Enter');
  await expect(host.getByRole('button', { name: 'Open chat (1)' })).toBeVisible();
  // Each reply plays the two-note chime.
  await expect.poll(() => notesPlayed(host)).toBe(2);
  await page.getByLabel('Reply', { exact: true }).fill('How can I help?');
  await page.getByLabel('Reply', { exact: true }).press('Enter');
  await expect(host.getByRole('button', { name: 'Open chat (2)' })).toBeVisible();
  await expect.poll(() => notesPlayed(host)).toBe(4);

  await host.getByRole('button', { name: 'Open chat (2)' }).click();
  await expect(host.getByRole('button', { name: 'Close chat', exact: true })).toBeVisible();
  await expect(widget.getByText('How can I help?')).toBeVisible();
  await host.context().close();
});
