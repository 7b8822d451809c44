import type { Page } from '@playwright/test';
import { demoProject, expect, test, visit } from './helpers';

// The loader puts its bubble and iframe in the open shadow root of `[data-parley]`;
// role locators and this CSS locator both reach into open shadow roots.
const host = (page: Page) => page.locator('[data-parley]');
const bubble = (page: Page) => host(page).getByRole('button');
const chatFrameElement = (page: Page) => page.locator('[data-parley] iframe');
const chatFrame = (page: Page) => page.frameLocator('[data-parley] iframe');

/** Waits until the chat iframe has loaded `/w/<key>` and gone quiet (so it is hydrated). */
async function settleChatFrame(page: Page): Promise<void> {
  const handle = await chatFrameElement(page).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the chat iframe has no frame');
  await frame.waitForURL(/\/w\//);
  await frame.waitForLoadState('networkidle');
}

test('the demo page shows the chat bubble', async ({ page }) => {
  await visit(page, '/demo');
  await expect(page).toHaveTitle(new RegExp(demoProject));
  await expect(
    page.getByRole('heading', { name: 'Handmade goods, shipped with care', level: 1 }),
  ).toBeVisible();
  await expect(bubble(page)).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Open chat', exact: true })).toBeVisible();
  await expect(bubble(page)).toHaveAttribute('aria-expanded', 'false');
  // The iframe is only created on first open.
  await expect(chatFrameElement(page)).toHaveCount(0);
});

test('the bubble opens the chat panel', async ({ page }) => {
  await visit(page, '/demo');
  await page.getByRole('button', { name: 'Open chat', exact: true }).click();

  const iframe = chatFrameElement(page);
  await expect(iframe).toBeVisible();
  await expect(iframe).toHaveAttribute('title', 'Open chat');
  await expect(iframe).toHaveAttribute('src', /\/w\/[^/?]+/);
  await expect(bubble(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(bubble(page)).toHaveAccessibleName('Close chat');

  const chat = chatFrame(page);
  await expect(chat.getByRole('heading', { name: demoProject, level: 1 })).toBeVisible();
  await expect(chat.getByText('Hi there! How can we help you today?')).toBeVisible();
  await expect(chat.getByLabel('Message', { exact: true })).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Close chat', exact: true })).toBeVisible();
  await settleChatFrame(page);
});

test('"Close chat" inside the panel hides it again', async ({ page }) => {
  await visit(page, '/demo');
  await page.getByRole('button', { name: 'Open chat', exact: true }).click();
  const iframe = chatFrameElement(page);
  await expect(iframe).toBeVisible();
  await settleChatFrame(page);

  await chatFrame(page).getByRole('button', { name: 'Close chat', exact: true }).click();
  await expect(iframe).toBeHidden();
  await expect(bubble(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(bubble(page)).toHaveAccessibleName('Open chat');
});

test('an unknown widget key is a 404', async ({ request }) => {
  const response = await request.get('/w/nosuchkey123');
  expect(response.status()).toBe(404);
});
