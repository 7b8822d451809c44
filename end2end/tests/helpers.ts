import { test as base, expect, type Browser, type BrowserContext, type ConsoleMessage, type FrameLocator, type Page } from '@playwright/test';

export { expect };

/** The demo account the server creates on first start (see playwright.config.ts). */
export const demoAdmin = {
  email: 'admin@demo.parley.chat',
  password: process.env.PARLEY_DEMO_PASSWORD ?? 'demo-password-e2e',
  displayName: 'Demo Admin',
  role: 'Admin',
};

/** The demo project's name. */
export const demoProject = 'Demo Shop';

/**
 * Console errors and uncaught exceptions of one page (hydration problems show up as console
 * errors). Requests a test expects to fail (a rejected sign-in answers 401, which Chromium logs
 * as "Failed to load resource") are declared with `allowFailedRequest`.
 */
export class PageProblems {
  private readonly problems: string[] = [];
  private readonly allowed: { path: string; status: number }[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error' && !this.isIgnored(message)) {
        const where = message.location().url;
        this.problems.push(`console error: ${message.text()}${where ? ` (at ${where})` : ''}`);
      }
    });
    page.on('pageerror', (error) => {
      this.problems.push(`uncaught exception: ${error.message}`);
    });
  }

  /** Tolerates the browser's "Failed to load resource" error for `path` answering `status`. */
  allowFailedRequest(path: string, status: number): void {
    this.allowed.push({ path, status });
  }

  /** Fails the test when any unexpected error was seen. */
  expectNone(): void {
    expect(this.problems, 'console errors or uncaught exceptions on the page').toEqual([]);
  }

  private isIgnored(message: ConsoleMessage): boolean {
    const text = message.text();
    if (text.includes('favicon')) return true;
    let path = '';
    try {
      path = new URL(message.location().url).pathname;
    } catch {
      // No URL (or not a parsable one): nothing to match against.
    }
    return this.allowed.some(
      (allowed) => path === allowed.path && text.includes(`status of ${allowed.status}`),
    );
  }
}

/**
 * `test` with a `pageProblems` fixture that is always on: every test that uses a page fails
 * when the page logged a console error or threw, unless the test declared it.
 */
export const test = base.extend<{ pageProblems: PageProblems }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems = new PageProblems(page);
      await use(problems);
      problems.expectNone();
    },
    { auto: true },
  ],
});

/**
 * Waits until the page stops loading (the WASM bundle included), so it is hydrated before the
 * test clicks: Leptos sets no "hydrated" flag to wait on.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

/** Opens `url` and waits for hydration. */
export async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  await settle(page);
  return response;
}

/** Fills in and submits the sign-in form of the current page. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * Signs in as the demo admin from `/login` (with `next` when given) and waits until the
 * surface it leads to has loaded.
 */
export async function signIn(page: Page, options: { next?: string } = {}): Promise<void> {
  const loginUrl = options.next ? `/login?next=${encodeURIComponent(options.next)}` : '/login';
  await visit(page, loginUrl);
  await submitLogin(page, demoAdmin.email, demoAdmin.password);
  await expect(page).toHaveURL(pathIs(options.next ?? '/workbench'));
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await settle(page);
}

/** Matches a URL whose path is exactly `path` (any query string). */
export function pathIs(path: string): (url: URL) => boolean {
  return (url) => url.pathname === path;
}

/** Expects the sign-in page, reached by a redirect that remembers `next`. */
export async function expectLoginPage(page: Page, next?: string): Promise<void> {
  await expect(page).toHaveURL(pathIs('/login'));
  if (next !== undefined) {
    expect(new URL(page.url()).searchParams.get('next')).toBe(next);
  }
  await expect(page.getByRole('heading', { name: 'Sign in to Parley', level: 1 })).toBeVisible();
}

/**
 * A fresh visitor: a new browser context (prepared first, e.g. with routes or init scripts) on
 * the demo host page with the chat panel open. The panel may still be connecting.
 */
export async function openWidget(
  browser: Browser,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<{ host: Page; widget: FrameLocator }> {
  const context = await browser.newContext({ locale: 'en-US' });
  if (prepare) await prepare(context);
  const host = await context.newPage();
  await visit(host, '/demo');
  await host.getByRole('button', { name: 'Open chat', exact: true }).click();
  const widget = host.frameLocator('[data-parley] iframe');
  await expect(widget.getByLabel('Message', { exact: true })).toBeVisible();
  return { host, widget };
}

/**
 * An init script counting the notes the page plays in `window.__notes` (headless Chromium has no
 * speakers to listen to). Self-contained: Playwright runs its source text in the page.
 */
export function countChimes(): void {
  const counter = window as unknown as { __notes: number };
  counter.__notes = 0;
  const Original = window.AudioContext;
  if (!Original) return;
  window.AudioContext = class extends Original {
    createOscillator(): OscillatorNode {
      const oscillator = super.createOscillator();
      const start = oscillator.start.bind(oscillator);
      oscillator.start = (when?: number) => {
        counter.__notes += 1;
        start(when);
      };
      return oscillator;
    }
  };
}

/** Opens the demo host page and returns the demo project's widget key (its `data-project`). */
export async function demoProjectKey(page: Page): Promise<string> {
  await visit(page, '/demo');
  const key = await page.locator('script[data-project]').getAttribute('data-project');
  if (!key) throw new Error('the demo page embeds no project key');
  return key;
}

/** A visitor seeded through the documented protocol: their token and conversation. */
export type Seeded = { token: string; conversation: string };

/**
 * Starts one conversation per entry of `chats` (each entry: the visitor's messages, in order)
 * through the documented protocol, from the page (its origin, which must be Parley's):
 * `POST /api/start_visitor`, then `/ws` with `hello`, a `send` per message and its `ack`.
 * Ten at a time.
 */
export async function seedChats(page: Page, key: string, chats: string[][]): Promise<Seeded[]> {
  return page.evaluate(async ({ key, chats }) => {
    const one = async (messages: string[]): Promise<{ token: string; conversation: string }> => {
      const started = await fetch('/api/start_visitor', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `key=${encodeURIComponent(key)}`,
      });
      const token: string = await started.json();
      const socket = new WebSocket(`ws://${location.host}/ws?visitor=${encodeURIComponent(token)}`);
      return new Promise((resolve, reject) => {
        let conversation = '';
        let next = 0;
        const sendNext = () => {
          const body = messages[next];
          next += 1;
          const frame: Record<string, unknown> = { type: 'send', client_id: crypto.randomUUID(), body };
          if (conversation) frame.conversation_id = conversation;
          socket.send(JSON.stringify(frame));
        };
        socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', version: 2, last_seq: 0 }));
        socket.onerror = () => reject(new Error('socket failed'));
        socket.onmessage = (message) => {
          const frame = JSON.parse(message.data as string);
          if (frame.type === 'replayed') sendNext();
          if (frame.type === 'error') reject(new Error(JSON.stringify(frame)));
          if (frame.type === 'ack') {
            conversation = frame.message.conversation_id;
            if (next < messages.length) {
              sendNext();
            } else {
              socket.close();
              resolve({ token, conversation });
            }
          }
        };
      });
    };
    const seeded: { token: string; conversation: string }[] = [];
    for (let start = 0; start < chats.length; start += 10) {
      seeded.push(...(await Promise.all(chats.slice(start, start + 10).map(one))));
    }
    return seeded;
  }, { key, chats });
}
