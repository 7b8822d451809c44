import { demoProjectKey, expect, seedChats, signIn, test, visit } from './helpers';

test('at a few hundred conversations the list pages, searches, bumps and pages history on the server', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const key = await demoProjectKey(page);
  const longChat = Array.from({ length: 70 }, (_, index) => `line ${index + 1} of ${stamp}`);
  const chats = [
    [`我想申请退款，订单 ${stamp}`],
    [`second oldest ${stamp}`],
    longChat,
    ...Array.from({ length: 200 }, (_, index) => [`filler ${index} of ${stamp}`]),
  ];
  const [, secondOldest] = await seedChats(page, key, chats);

  await signIn(page);
  await visit(page, '/workbench');
  const views = page.getByRole('navigation', { name: 'Views' });
  await views.getByRole('button', { name: /^All \d+$/ }).click();
  const list = page.getByRole('region', { name: 'Conversations' });
  const rows = list.getByRole('listitem');
  // The first page only: the newest conversations (the last batch seeded), not the history.
  await expect(rows.first()).toContainText(new RegExp(`filler 19\\d of ${stamp}`));
  await expect(rows).toHaveCount(30);
  const allCount = async () => {
    const label = await views.getByRole('button', { name: /^All \d+$/ }).getAttribute('aria-label');
    return Number(label?.split(' ').pop());
  };
  const before = await allCount();
  expect(before).toBeGreaterThanOrEqual(chats.length);

  // Scrolling to the end of the list brings the next page.
  await expect(list.getByRole('button', { name: 'Load more conversations' })).toBeAttached();
  await list.evaluate((pane) => pane.scrollTo(0, pane.scrollHeight));
  await expect(rows).toHaveCount(60);

  // A Chinese word in the oldest conversation's message, far beyond the loaded pages.
  await page.getByLabel('Search conversations').fill('申请退款');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`我想申请退款，订单 ${stamp}`);
  await page.getByLabel('Search conversations').fill('');
  await expect(rows).toHaveCount(30);

  // A message in a conversation that is not open (nor loaded) moves it to the top...
  await page.evaluate(async ({ token, conversation, body }) => {
    const socket = new WebSocket(`ws://${location.host}/ws?visitor=${encodeURIComponent(token)}`);
    await new Promise<void>((resolve) => {
      socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', version: 2, last_seq: 0 }));
      socket.onmessage = (message) => {
        const frame = JSON.parse(message.data as string);
        if (frame.type === 'replayed') {
          socket.send(JSON.stringify({ type: 'send', client_id: crypto.randomUUID(), conversation_id: conversation, body }));
        }
        if (frame.type === 'ack') {
          socket.close();
          resolve();
        }
      };
    });
  }, { ...secondOldest, body: `bumped ${stamp}` });
  await expect(rows.first()).toContainText(`bumped ${stamp}`);
  // ...and a new conversation raises the count.
  await seedChats(page, key, [[`brand new ${stamp}`]]);
  await expect(rows.first()).toContainText(`brand new ${stamp}`);
  await expect.poll(allCount).toBe(before + 1);

  // The long conversation opens on its newest messages and pages back on scrolling up.
  await page.getByLabel('Search conversations').fill(`line 70 of ${stamp}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`line 70 of ${stamp}`);
  // Filters narrow the list, never the views' counts.
  expect(await allCount()).toBe(before + 1);
  await rows.first().getByRole('button').click();
  const messages = page.getByRole('list', { name: 'Chat' });
  await expect(messages.getByText(`line 70 of ${stamp}`, { exact: true })).toBeVisible();
  await expect(messages.getByText(`line 21 of ${stamp}`, { exact: true })).toBeAttached();
  await expect(messages.getByText(`line 1 of ${stamp}`, { exact: true })).toHaveCount(0);
  // It opened on the newest message, at the bottom of the list...
  await expect.poll(() => messages.evaluate((list) => list.scrollTop)).toBeGreaterThan(0);
  // ...and scrolling to the top brings the older ones, keeping the place.
  await messages.evaluate((list) => list.scrollTo(0, 0));
  await expect(messages.getByText(`line 1 of ${stamp}`, { exact: true })).toBeAttached();
  await expect.poll(() => messages.evaluate((list) => list.scrollTop)).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: 'Load older messages' })).toHaveCount(0);
});
