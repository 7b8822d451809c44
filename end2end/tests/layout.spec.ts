import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expect, signIn, test, visit } from './helpers';

// Screenshots for a person to look at; Playwright empties test-results/ at the start of a run.
const screensDir = path.resolve(__dirname, '..', 'test-results', 'screens');

const viewports = [
  { width: 360, height: 740 },
  { width: 1440, height: 900 },
];

/** Asserts the page does not scroll sideways, then saves a full-page screenshot. */
async function checkFitsAndCapture(page: Page, name: string, width: number): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(innerWidth).toBe(width);
  expect(scrollWidth, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(innerWidth);
  await page.screenshot({ path: path.join(screensDir, `${name}-${width}.png`), fullPage: true });
}

for (const viewport of viewports) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('sign-in, workbench and console fit without sideways scrolling', async ({ page }) => {
      fs.mkdirSync(screensDir, { recursive: true });

      await visit(page, '/login');
      await checkFitsAndCapture(page, 'login', viewport.width);

      await signIn(page);
      const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
      const surfaces = [
        { name: 'workbench', heading: 'Conversations' },
        { name: 'console', heading: 'Install the chat widget' },
      ];
      for (const surface of surfaces) {
        await visit(page, `/${surface.name}`);
        await expect(page.getByRole('heading', { name: surface.heading })).toBeVisible();
        await expect(signOut).toBeVisible();
        await checkFitsAndCapture(page, surface.name, viewport.width);
      }
    });

    test('the widget panel fits, with a long message in it', async ({ page, request }) => {
      fs.mkdirSync(screensDir, { recursive: true });
      const demo = await (await request.get('/demo')).text();
      const key = /data-project="([^"]+)"/.exec(demo)?.[1];
      expect(key).toBeTruthy();
      await visit(page, `/w/${key}`);
      const message = page.getByLabel('Message', { exact: true });
      await message.fill(`A very long word: ${'x'.repeat(120)} and a link https://example.com/${'y'.repeat(80)}`);
      await message.press('Enter');
      await expect(page.getByText('A very long word:')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeInViewport();
      await checkFitsAndCapture(page, 'widget', viewport.width);
    });
  });
}
