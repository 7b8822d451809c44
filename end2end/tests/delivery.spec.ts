import { demoProject, expect, openWidget, test, signIn, settle } from './helpers';
import type { FrameLocator, Page, WebSocketRoute } from '@playwright/test';

async function write(widget: FrameLocator, text: string): Promise<void> {
  await widget.getByLabel('Message', { exact: true }).fill(text);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
}

const rowFor = (page: Page, text: string) =>
  page.getByRole('button', { name: new RegExp(text.replace(/[?#.]/g, '.')) });

test('a message written while the server is unreachable survives a reload and arrives once', async ({ page, browser }) => {
  await signIn(page);
  let reachable = false;
  const { host, widget } = await openWidget(browser, async (context) => {
    // Until `reachable`, the socket opens but nothing answers: the widget never goes live.
    await context.routeWebSocket(/\/ws/, (socket: WebSocketRoute) => {
      if (reachable) socket.connectToServer();
    });
  });
  await expect(widget.getByText('Reconnecting…')).toBeVisible();
  const question = `Written offline #${Date.now()}`;
  await write(widget, question);
  await expect(widget.getByText(question)).toBeVisible();
  await expect(widget.getByText('Sending…')).toBeVisible();
  await expect(rowFor(page, question)).toHaveCount(0);

  // The visitor reloads before the network comes back; the outbox was kept in storage.
  reachable = true;
  await host.reload();
  await settle(host);
  await expect(rowFor(page, question)).toBeVisible();
  await rowFor(page, question).click();
  await expect(page.getByRole('list', { name: 'Chat' }).getByText(question)).toHaveCount(1);
  await host.getByRole('button', { name: 'Open chat', exact: true }).click();
  const again = host.frameLocator('[data-parley] iframe');
  await expect(again.getByText(question)).toHaveCount(1);
  await expect(again.getByText('Sending…')).toBeHidden();
  await host.context().close();
});

test('a send the server could not store can be retried', async ({ browser }) => {
  let sends = 0;
  const { host, widget } = await openWidget(browser, async (context) => {
    // A scripted server: the first send fails as if the database were down, the retry works.
    await context.routeWebSocket(/\/ws/, (socket: WebSocketRoute) => {
      socket.onMessage((text) => {
        const frame = JSON.parse(String(text));
        if (frame.type === 'hello') {
          socket.send(JSON.stringify({ type: 'welcome', version: 1, role: 'visitor' }));
          socket.send(JSON.stringify({ type: 'replayed', last_seq: 0 }));
        } else if (frame.type === 'send') {
          sends += 1;
          if (sends === 1) {
            socket.send(JSON.stringify({ type: 'error', code: 'internal', message: 'storage failed', client_id: frame.client_id }));
          } else {
            socket.send(JSON.stringify({
              type: 'ack',
              client_id: frame.client_id,
              message: {
                conversation_id: '00000000-0000-4000-8000-000000000001',
                seq: 1,
                client_id: frame.client_id,
                author: 'visitor',
                author_name: null,
                body: frame.body,
                at: Date.now(),
              },
            }));
          }
        } else if (frame.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong', nonce: frame.nonce ?? 0 }));
        }
      });
    });
  });
  await expect(widget.getByText('Reconnecting…')).toBeHidden();
  await write(widget, 'Is this thing on?');
  await expect(widget.getByText('Not sent', { exact: true })).toBeVisible();
  await widget.getByRole('button', { name: 'Retry', exact: true }).click();
  await expect(widget.getByText('Not sent', { exact: true })).toBeHidden();
  await expect(widget.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(0);
  await expect(widget.getByText('Is this thing on?')).toHaveCount(1);
  expect(sends).toBe(2);
  await host.context().close();
});

test('the agent sees the pages a visitor opened and when the visitor has read a reply', async ({ page, browser }) => {
  await signIn(page);
  const { host, widget } = await openWidget(browser);
  await expect(widget.getByText('Reconnecting…')).toBeHidden();
  const question = `Which size fits me? #${Date.now()}`;
  await write(widget, question);
  await expect(widget.getByText('Sending…')).toBeHidden();

  await rowFor(page, question).click();
  const trace = page.getByRole('complementary', { name: 'Visitor' });
  await expect(trace.getByRole('heading', { name: 'Pages visited' })).toBeVisible();
  const visited = trace.getByRole('link', { name: `${demoProject} — demo website` });
  await expect(visited).toHaveAttribute('href', /\/demo$/);

  const chat = page.getByRole('list', { name: 'Chat' });
  await page.getByLabel('Reply', { exact: true }).fill('Size M, most likely.');
  await page.getByLabel('Reply', { exact: true }).press('Enter');
  // The panel is open on the visitor's screen: the reply is read at once.
  await expect(widget.getByText('Size M, most likely.')).toBeVisible();
  await expect(chat.getByText('Seen by visitor')).toBeVisible();

  // A new reply while the panel is closed is not "seen" until the visitor opens it again.
  await widget.getByRole('button', { name: 'Close chat' }).click();
  await page.getByLabel('Reply', { exact: true }).fill('Or L if you like it loose.');
  await page.getByLabel('Reply', { exact: true }).press('Enter');
  await expect(host.getByRole('button', { name: 'Open chat (1)' })).toBeVisible();
  await expect(chat.getByText('Seen by visitor')).toBeHidden();
  await host.getByRole('button', { name: 'Open chat (1)' }).click();
  await expect(chat.getByText('Seen by visitor')).toBeVisible();
  await host.context().close();
});

test('a returning visitor hears replies on the next page without opening the chat', async ({ page, browser }) => {
  await signIn(page);
  const { host, widget } = await openWidget(browser);
  await expect(widget.getByText('Reconnecting…')).toBeHidden();
  const question = `Back later #${Date.now()}`;
  await write(widget, question);
  await expect(widget.getByText('Sending…')).toBeHidden();

  // The visitor moves on to another page of the site (here: the same page again).
  await host.reload();
  await settle(host);
  await expect(host.getByRole('button', { name: 'Open chat', exact: true })).toHaveAttribute('aria-expanded', 'false');
  await rowFor(page, question).click();
  await page.getByLabel('Reply', { exact: true }).fill('We are here when you are.');
  await page.getByLabel('Reply', { exact: true }).press('Enter');
  await expect(host.getByRole('button', { name: 'Open chat (1)' })).toBeVisible();
  // Both page loads are in the visitor's trace.
  const trace = page.getByRole('complementary', { name: 'Visitor' });
  await expect(trace.getByRole('link', { name: `${demoProject} — demo website` })).toHaveCount(2);
  await host.context().close();
});

test('opening an older conversation after a newer one still tells its visitor "Seen"', async ({ page, browser }) => {
  await signIn(page);
  const first = await openWidget(browser);
  const second = await openWidget(browser);
  await expect(first.widget.getByText('Reconnecting…')).toBeHidden();
  await expect(second.widget.getByText('Reconnecting…')).toBeHidden();
  const older = `Written first #${Date.now()}`;
  await write(first.widget, older);
  await expect(first.widget.getByText('Sending…')).toBeHidden();
  const newer = `Written second #${Date.now()}`;
  await write(second.widget, newer);
  await expect(second.widget.getByText('Sending…')).toBeHidden();

  // The agent reads the newer conversation first, then the older one.
  await rowFor(page, newer).click();
  await expect(second.widget.getByText('Seen', { exact: true })).toBeVisible();
  await rowFor(page, older).click();
  await expect(first.widget.getByText('Seen', { exact: true })).toBeVisible();
  await first.host.context().close();
  await second.host.context().close();
});

test('the workbench says it is connecting until its socket is live', async ({ page }) => {
  let reachable = false;
  // Until `reachable`, the workbench's socket opens but nothing answers.
  await page.context().routeWebSocket(/\/ws/, (socket: WebSocketRoute) => {
    if (reachable) socket.connectToServer();
  });
  await signIn(page);
  const connecting = page.getByRole('status').filter({ hasText: 'Connecting…' });
  await expect(connecting).toBeVisible();

  reachable = true;
  await page.reload();
  await settle(page);
  await expect(connecting).toBeHidden();
  await expect(page.getByRole('button', { name: /^Mine \d+$/ })).toBeVisible();
});
