// The workbench's first load in Chromium, for `cargo make bench` (parley-list-bench runs it
// against a server on a seeded database). Each run is a fresh browser context (cold cache):
// open /login, sign in, and wait until the first list page is shown (its rows, or the empty
// view's message once loading is over). Prints one JSON line per run:
//   { ms, msFromLogin, bytes, bytesAfterSignIn, heapMb, rows }
// ms: "Sign in" clicked → list shown; msFromLogin: /login opened → list shown; bytes: all
// received over the wire from /login on (HTTP bodies and headers as encoded, WebSocket
// frames); heapMb: the page's JS heap in use once the list is shown, after a garbage collection.
// A run whose list never shows prints { error, url, pane } instead.
// Environment: BENCH_URL, BENCH_EMAIL, BENCH_PASSWORD, BENCH_RUNS (default 5).
import { chromium } from 'playwright-core';

const base = process.env.BENCH_URL;
const email = process.env.BENCH_EMAIL;
const password = process.env.BENCH_PASSWORD;
const runs = Number(process.env.BENCH_RUNS ?? 5);
if (!base || !email || !password) {
  console.error('BENCH_URL, BENCH_EMAIL and BENCH_PASSWORD are required');
  process.exit(2);
}

/** True once the conversation list shows rows, or says the view is empty (not "Loading…"). */
function listShown() {
  const pane = document.querySelector('[aria-labelledby="list-title"]');
  if (!pane) return false;
  if (pane.querySelector('.conversation-list li')) return true;
  const empty = pane.querySelector('.empty-state');
  return !!empty && !/loading/i.test(empty.textContent ?? '');
}

async function once(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let signedInAt = Infinity;
  let bytesBeforeSignIn = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  cdp.on('Network.webSocketFrameReceived', (event) => { bytes += event.response.payloadData.length; });
  const opened = performance.now();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  bytesBeforeSignIn = bytes;
  signedInAt = performance.now();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/workbench');
  try {
    await page.waitForFunction(listShown, null, { polling: 50, timeout: 30_000 });
  } catch (error) {
    const pane = await page.locator('main').innerText().catch(() => '(no main)');
    await context.close();
    return { error: String(error).split('\n')[0], url: page.url(), pane: pane.slice(0, 300) };
  }
  const shown = performance.now();
  const rows = await page.locator('[aria-labelledby="list-title"] .conversation-list li').count();
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  // Whatever was still in flight when the list appeared belongs to the load too.
  await page.waitForLoadState('networkidle');
  const result = {
    ms: Math.round(shown - signedInAt),
    msFromLogin: Math.round(shown - opened),
    bytes,
    bytesAfterSignIn: bytes - bytesBeforeSignIn,
    heapMb: Number((heap.usedSize / 1048576).toFixed(1)),
    rows,
  };
  await context.close();
  return result;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (let run = 0; run < runs; run += 1) {
    console.log(JSON.stringify(await once(browser)));
  }
} finally {
  await browser.close();
}
