import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from '@playwright/test';
import { countChimes, expect, openWidget, pathIs, settle, submitLogin, test, visit } from './helpers';

// Two agents besides the demo admin, made with the `parley` command line on the test server's
// database; the same command changes the chat settings per test.
const serverBin = path.resolve(__dirname, '..', process.env.PARLEY_BIN ?? '../target/debug/parley');
const agentPassword = 'agent-password-e2e';
const ann = { email: 'ann@demo.parley.chat', name: 'Ann' };
const bo = { email: 'bo@demo.parley.chat', name: 'Bo' };

function parley(...args: string[]): string {
  return execFileSync(serverBin, args, {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, PARLEY_DATA_DIR: process.env.PARLEY_E2E_DATA_DIR, PARLEY_LOG: 'error' },
    encoding: 'utf8',
  });
}

function defaultSettings(): void {
  parley(
    'chat-settings',
    '--default-limit', '5',
    '--soon-secs', '180',
    '--overdue-secs', '300',
    '--routing', 'auto',
  );
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  for (const agent of [ann, bo]) {
    parley('create-agent', '--email', agent.email, '--password', agentPassword, '--name', agent.name);
  }
});

test.afterAll(() => defaultSettings());

/** An agent signed in to the workbench in a browser context of their own. */
async function workbenchOf(browser: Browser, agent: { email: string }, initScripts: (() => void)[] = []): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  for (const script of initScripts) await context.addInitScript(script);
  const page = await context.newPage();
  await visit(page, '/login');
  await submitLogin(page, agent.email, agentPassword);
  await expect(page).toHaveURL(pathIs('/workbench'));
  await settle(page);
  await expect(page.getByRole('button', { name: /^Mine \d+$/ })).toBeVisible();
  // Counts are read right after this: wait until the socket has replayed the log.
  await expect(page.getByRole('status').filter({ hasText: 'Connecting…' })).toBeHidden();
  return page;
}

/** The count on a view's button ("Mine 3" → 3). */
async function viewCount(page: Page, view: string): Promise<number> {
  const label = await page.getByRole('button', { name: new RegExp(`^${view} \\d+$`) }).getAttribute('aria-label');
  return Number(label?.split(' ').pop());
}

async function openView(page: Page, view: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${view} \\d+$`) }).click();
}

/** A visitor who has written `text` (and seen it sent). */
async function visitorWrites(browser: Browser, text: string): Promise<{ host: Page; widget: FrameLocator }> {
  const visitor = await openWidget(browser);
  await expect(visitor.widget.getByText('Reconnecting…')).toBeHidden();
  await visitor.widget.getByLabel('Message', { exact: true }).fill(text);
  await visitor.widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(visitor.widget.getByText('Sending…')).toBeHidden();
  return visitor;
}

/** The conversation row showing `text` in the page's current view. */
function row(page: Page, text: string) {
  return page.getByRole('button', { name: new RegExp(text.replace(/[#?]/g, '.')) });
}

/** Which of the pages serves the conversation with `text` (its "Mine" view lists it). */
async function servingPage(pages: Page[], text: string): Promise<Page> {
  let found: Page | undefined;
  await expect
    .poll(async () => {
      for (const page of pages) {
        await openView(page, 'Mine');
        if (await row(page, text).isVisible()) {
          found = page;
          return true;
        }
      }
      return false;
    })
    .toBe(true);
  return found as Page;
}

test('conversations go to the least-loaded online agent; the rest queue and drain as capacity appears', async ({ browser }) => {
  // Four screens and a drained queue take about 28 s of the default 30 on two cores.
  test.slow();
  parley('chat-settings', '--default-limit', '1');
  const annPage = await workbenchOf(browser, ann);
  const boPage = await workbenchOf(browser, bo);
  const stamp = Date.now();

  const first = await visitorWrites(browser, `first question #${stamp}`);
  const firstAgent = await servingPage([annPage, boPage], `first question #${stamp}`);
  const otherAgent = firstAgent === annPage ? boPage : annPage;
  const second = await visitorWrites(browser, `second question #${stamp}`);
  // The least-loaded one gets the second.
  await servingPage([otherAgent], `second question #${stamp}`);

  const third = await visitorWrites(browser, `third question #${stamp}`);
  await expect(third.widget.getByText('You are number 1 in line.')).toBeVisible();
  await expect(third.widget.getByText(/Estimated wait: about \d+ min\./)).toBeVisible();
  await openView(annPage, 'Queued');
  await expect(row(annPage, `third question #${stamp}`)).toBeVisible();
  await expect.poll(() => viewCount(boPage, 'Queued')).toBeGreaterThanOrEqual(1);

  // Closing frees a place: the queued visitor is served at once, by that agent.
  await openView(firstAgent, 'Mine');
  await row(firstAgent, `first question #${stamp}`).click();
  await firstAgent.getByRole('group', { name: 'Conversation actions' }).getByRole('button', { name: 'Close' }).click();
  await expect(firstAgent.getByRole('list', { name: 'Chat' }).getByText(/^Closed by /)).toBeVisible();
  await openView(firstAgent, 'Mine');
  await expect(row(firstAgent, `third question #${stamp}`)).toBeVisible();
  await expect(third.widget.getByText('You are number 1 in line.')).toBeHidden();
  await expect(first.widget.getByText(`first question #${stamp}`)).toBeVisible();

  for (const page of [annPage, boPage, first.host, second.host, third.host]) await page.context().close();
});

test('a transfer carries an internal comment; close, and the visitor reopens with the history', async ({ browser }) => {
  defaultSettings();
  const annPage = await workbenchOf(browser, ann);
  const boPage = await workbenchOf(browser, bo);
  const text = `where is my parcel #${Date.now()}`;
  const visitor = await visitorWrites(browser, text);
  const from = await servingPage([annPage, boPage], text);
  const to = from === annPage ? boPage : annPage;
  const toName = from === annPage ? bo.name : ann.name;
  const fromName = from === annPage ? ann.name : bo.name;

  await row(from, text).click();
  await from.getByRole('button', { name: 'Transfer', exact: true }).click();
  // Options read "Bo (1/5)": the name, then open conversations over the limit.
  const option = from.getByLabel('Transfer to').getByRole('option', { name: new RegExp(`^${toName} \\(`) });
  await from.getByLabel('Transfer to').selectOption({ label: (await option.textContent())?.trim() ?? toName });
  await from.getByLabel('Internal comment').fill('VIP customer, be quick');
  await from.getByRole('button', { name: 'Confirm transfer' }).click();

  await openView(to, 'Mine');
  await row(to, text).click();
  const chat = to.getByRole('list', { name: 'Chat' });
  await expect(chat.getByText(`${fromName} transferred this conversation to ${toName}: VIP customer, be quick`)).toBeVisible();
  // The comment is for agents only.
  await expect(visitor.widget.getByText('VIP customer')).toHaveCount(0);
  // The former agent, still looking at it, can no longer reply.
  await expect(from.getByText('Join this conversation to reply')).toBeVisible();
  await expect(from.getByLabel('Reply', { exact: true })).toBeDisabled();

  await to.getByLabel('Reply', { exact: true }).fill('On its way!');
  await to.getByLabel('Reply', { exact: true }).press('Enter');
  await expect(visitor.widget.getByText('On its way!')).toBeVisible();
  await to.getByRole('group', { name: 'Conversation actions' }).getByRole('button', { name: 'Close' }).click();
  await expect(chat.getByText(`Closed by ${toName}`)).toBeVisible();

  // The visitor writes again: the same conversation reopens with its whole history.
  await visitor.widget.getByLabel('Message', { exact: true }).fill('One more thing');
  await visitor.widget.getByLabel('Message', { exact: true }).press('Enter');
  const serving = await servingPage([annPage, boPage], 'One more thing');
  await row(serving, 'One more thing').click();
  const history = serving.getByRole('list', { name: 'Chat' });
  await expect(history.getByText('Reopened')).toBeVisible();
  await expect(history.getByText(text)).toBeVisible();
  await expect(history.getByText('On its way!')).toBeVisible();

  for (const page of [annPage, boPage, visitor.host]) await page.context().close();
});

test('an agent who is away gets no new conversations', async ({ browser }) => {
  defaultSettings();
  const annPage = await workbenchOf(browser, ann);
  const boPage = await workbenchOf(browser, bo);
  await annPage.getByLabel('Status').selectOption('away');
  const annMine = await viewCount(annPage, 'Mine');
  const boMine = await viewCount(boPage, 'Mine');

  for (const n of [1, 2]) {
    const text = `while Ann is away ${n} #${Date.now()}`;
    await visitorWrites(browser, text);
    await openView(boPage, 'Mine');
    await expect(row(boPage, text)).toBeVisible();
  }
  await expect.poll(() => viewCount(boPage, 'Mine')).toBe(boMine + 2);
  expect(await viewCount(annPage, 'Mine')).toBe(annMine);
  await annPage.getByLabel('Status').selectOption('online');
  for (const page of [annPage, boPage]) await page.context().close();
});

test('in grab mode both agents are offered the conversation and the first to pick it wins', async ({ browser }) => {
  parley('chat-settings', '--routing', 'grab');
  const annPage = await workbenchOf(browser, ann);
  const boPage = await workbenchOf(browser, bo);
  const text = `grab me #${Date.now()}`;
  await visitorWrites(browser, text);
  for (const page of [annPage, boPage]) {
    await openView(page, 'Queued');
    await row(page, text).click();
    await expect(page.getByRole('group', { name: 'Conversation actions' }).getByRole('button', { name: 'Pick' })).toBeVisible();
  }
  await annPage.getByRole('group', { name: 'Conversation actions' }).getByRole('button', { name: 'Pick' }).click();
  await expect(annPage.getByText('Serving: Ann')).toBeVisible();
  // Bo's offer is gone: the conversation is Ann's now.
  await expect(boPage.getByText('Serving: Ann')).toBeVisible();
  await expect(boPage.getByRole('group', { name: 'Conversation actions' }).getByRole('button', { name: 'Pick' })).toHaveCount(0);
  await expect(row(boPage, text)).toBeHidden();
  defaultSettings();
  for (const page of [annPage, boPage]) await page.context().close();
});

test('a waiting visitor turns "soon", then "overdue", live', async ({ browser }) => {
  parley('chat-settings', '--soon-secs', '2', '--overdue-secs', '4');
  const annPage = await workbenchOf(browser, ann);
  const boPage = await workbenchOf(browser, bo);
  const text = `still waiting #${Date.now()}`;
  await visitorWrites(browser, text);
  const agent = await servingPage([annPage, boPage], text);
  await expect(row(agent, text)).toContainText('Soon');
  await expect(row(agent, text)).toContainText('Overdue');
  await agent.getByRole('button', { name: 'Overdue', exact: true }).click();
  await expect(row(agent, text)).toBeVisible();
  // An answer ends the wait.
  await row(agent, text).click();
  await agent.getByLabel('Reply', { exact: true }).fill('Sorry for the wait!');
  await agent.getByLabel('Reply', { exact: true }).press('Enter');
  await expect(row(agent, text)).toBeHidden();
  defaultSettings();
  for (const page of [annPage, boPage]) await page.context().close();
});

/** Records desktop notifications (as if allowed) in `window.__notifications` instead of
 * showing them: headless Chromium has no desktop. */
function recordNotifications(): void {
  const record = window as unknown as { __notifications: string[] };
  record.__notifications = [];
  class RecordedNotification {
    static permission = 'granted';
    static requestPermission(): Promise<string> {
      return Promise.resolve('granted');
    }
    onclick: unknown = null;
    constructor(title: string) {
      record.__notifications.push(title);
    }
    close(): void {}
  }
  (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
}

test('a new conversation alerts the agent it goes to: sound, desktop notification, tab title', async ({ browser }) => {
  defaultSettings();
  const annPage = await workbenchOf(browser, ann, [recordNotifications, countChimes]);
  const boPage = await workbenchOf(browser, bo, [recordNotifications, countChimes]);
  const text = `anyone there? #${Date.now()}`;
  const visitor = await visitorWrites(browser, text);
  const agent = await servingPage([annPage, boPage], text);
  const recorded = () =>
    agent.evaluate(() => {
      const record = window as unknown as { __notifications: string[]; __notes: number };
      return { notifications: [...record.__notifications], notes: record.__notes };
    });
  await expect.poll(async () => (await recorded()).notifications).toContain('A conversation was assigned to you');
  await expect.poll(async () => (await recorded()).notes).toBeGreaterThan(0);
  await expect(agent).toHaveTitle(/^\(\d+\) Workbench · Parley$/);
  for (const page of [annPage, boPage, visitor.host]) await page.context().close();
});
