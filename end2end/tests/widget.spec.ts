import type { Page } from '@playwright/test';
import http from 'node:http';
import zlib from 'node:zlib';
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

/** One GET as a browser on a slow link sees it: the bytes on the wire for `encoding`. */
function fetchRaw(url: string, encoding: string): Promise<{ status: number; wire: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding, 'accept-language': 'en-US' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const wire = Buffer.concat(chunks);
          const coding = response.headers['content-encoding'];
          const body =
            coding === 'br' ? zlib.brotliDecompressSync(wire) : coding === 'gzip' ? zlib.gunzipSync(wire) : wire;
          resolve({ status: response.statusCode ?? 0, wire: wire.length, body });
        });
      })
      .on('error', reject);
  });
}

// Issue 3's promise: the widget's whole first open (HTML + CSS + JS + WASM) is at most 100 KB
// brotli. The browser parses the protocol's JSON itself (app/src/realtime/wire) so serde_json
// stays out of the bundle; that is what keeps the rich widget of issue 6 inside the promise.
const FIRST_OPEN_CEILING_BYTES = 100_000;

test('the widget’s whole first open stays within 100 KB (brotli), the loader within 2 KB gzip', async ({ baseURL }) => {
  const demo = await fetchRaw(`${baseURL}/demo`, 'identity');
  const key = /data-project="([^"]+)"/.exec(demo.body.toString())?.[1];
  expect(key).toBeTruthy();

  const html = await fetchRaw(`${baseURL}/w/${key}`, 'br');
  expect(html.status).toBe(200);
  const assets = [...html.body.toString().matchAll(/(?:href|module_or_path:)\s*=?\s*["']?(\/widget\/[^"' )]+)/g)].map(
    (match) => match[1],
  );
  const unique = [...new Set(assets)];
  expect(unique.sort()).toEqual(['/widget/parley-widget.css', '/widget/parley-widget.js', '/widget/parley-widget_bg.wasm']);
  const sizes: Record<string, number> = { [`/w/${key}`]: html.wire };
  for (const asset of unique) {
    const response = await fetchRaw(`${baseURL}${asset}`, 'br');
    expect(response.status, asset).toBe(200);
    sizes[asset] = response.wire;
  }
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  console.log(`widget first open, brotli bytes on the wire: ${JSON.stringify(sizes)}; total ${total} B (${(total / 1000).toFixed(1)} KB)`);
  expect(total).toBeLessThanOrEqual(FIRST_OPEN_CEILING_BYTES);

  const loader = await fetchRaw(`${baseURL}/widget.js`, 'identity');
  const gzipped = zlib.gzipSync(loader.body, { level: 9 }).length;
  console.log(`loader /widget.js: ${loader.body.length} B, gzip -9 ${gzipped} B`);
  expect(gzipped).toBeLessThanOrEqual(2048);
});

test('a Chinese visitor gets the widget in Chinese', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await visit(page, '/demo');
  await page.getByRole('button', { name: '打开聊天', exact: true }).click();
  const chat = page.frameLocator('[data-parley] iframe');
  await expect(chat.getByText('你好！今天有什么可以帮你？')).toBeVisible();
  await expect(chat.getByRole('textbox', { name: '输入消息' })).toBeVisible();
  await expect(chat.getByRole('list', { name: '聊天记录' })).toBeVisible();
  await expect(chat.getByRole('button', { name: '发送', exact: true })).toBeVisible();
  await context.close();
});
