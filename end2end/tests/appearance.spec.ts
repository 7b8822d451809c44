import type { Page } from '@playwright/test';
import { expect, signIn, test, visit } from './helpers';

/** Fills the console's widget form and saves it. */
async function saveWidget(page: Page, look: { color: string; greeting: string; position: 'left' | 'right' }): Promise<void> {
  await visit(page, '/console');
  const form = page.getByRole('region', { name: 'Widget' });
  await form.getByLabel('Colour').fill(look.color);
  await form.getByLabel('Greeting').fill(look.greeting);
  await form.getByLabel('Position').selectOption(look.position);
  await form.getByRole('button', { name: 'Save widget' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved');
}

test('a colour, greeting and corner chosen in the console show on the demo site at once', async ({ page, browser }) => {
  // Straight to the console: a workbench would make the demo admin an online agent for the
  // assignment tests that follow.
  await signIn(page, { next: '/console' });
  try {
    await saveWidget(page, { color: '#0f766e', greeting: 'Ask us anything about your order', position: 'left' });

    const site = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await visit(site, '/demo');
    const bubble = site.getByRole('button', { name: 'Open chat', exact: true });
    await expect.poll(() => bubble.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 118, 110)');
    const box = await site.locator('[data-parley]').boundingBox();
    expect(box && box.x).toBeLessThan(100);

    await bubble.click();
    const chat = site.frameLocator('[data-parley] iframe');
    await expect(chat.getByText('Ask us anything about your order')).toBeVisible();
    const header = chat.getByRole('region', { name: 'Demo Shop' }).locator('header');
    await expect.poll(() => header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 118, 110)');
    await site.context().close();
  } finally {
    await saveWidget(page, { color: '#4f46e5', greeting: '', position: 'right' });
  }
});
