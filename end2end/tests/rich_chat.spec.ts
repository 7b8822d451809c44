import type { Browser, FrameLocator, Page } from '@playwright/test';
import { expect, openWidget, signIn, test, visit } from './helpers';

/**
 * A visitor who wrote `question` from the demo site, and the demo admin's workbench with that
 * conversation open.
 */
async function conversation(page: Page, browser: Browser, question: string): Promise<{ host: Page; widget: FrameLocator }> {
  const { host, widget } = await openWidget(browser);
  await expect(widget.getByText('Reconnecting…')).toBeHidden();
  await widget.getByLabel('Message', { exact: true }).fill(question);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(widget.getByText('Sending…')).toBeHidden();
  const row = page.getByRole('button', { name: new RegExp(question.replace(/[?#]/g, '.')) });
  await row.click();
  await expect(page.getByRole('list', { name: 'Chat' }).getByText(question)).toBeVisible();
  return { host, widget };
}

test('an agent answers with a / quick reply, its variables filled in', async ({ page, browser }) => {
  await signIn(page, { next: '/console' });
  // The admin keeps a quick reply in the console's catalogue.
  await visit(page, '/console/catalogues');
  const replies = page.getByRole('region', { name: 'Quick replies' });
  await replies.getByLabel('Title', { exact: true }).fill('Shipping today');
  await replies.getByLabel('Shortcut (optional)').fill('ship');
  await replies.getByLabel('Text', { exact: true }).fill('{{agent.name}} here: your order ships today.');
  await replies.getByRole('button', { name: 'Add quick reply' }).click();
  await expect(replies.getByRole('list', { name: 'Quick replies' })).toContainText('Shipping today');

  await visit(page, '/workbench');
  await expect(page.getByText('Connecting…')).toBeHidden();
  const { host, widget } = await conversation(page, browser, `When does it ship? #${Date.now()}`);
  const reply = page.getByLabel('Reply', { exact: true });
  await reply.fill('/sh');
  const picker = page.getByRole('listbox', { name: 'Quick replies' });
  await expect(picker.getByRole('option', { name: /Shipping today/ })).toHaveAttribute('aria-selected', 'true');
  await reply.press('Enter');
  await expect(picker).toBeHidden();
  await expect(reply).toHaveValue('Demo Admin here: your order ships today.');
  await reply.press('Enter');
  await expect(widget.getByText('Demo Admin here: your order ships today.')).toBeVisible();

  // A search that finds nothing says so; Escape closes the list and Enter then sends.
  await reply.fill('/zzz');
  await expect(page.getByText('No quick reply matches.')).toBeVisible();
  await reply.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Quick replies' })).toBeHidden();
  await host.context().close();
});

test('a visitor rates the conversation when the agent invites a review', async ({ page, browser }) => {
  await signIn(page);
  await expect(page.getByText('Connecting…')).toBeHidden();
  const { host, widget } = await conversation(page, browser, `Thanks for the help #${Date.now()}`);
  await expect(widget.getByRole('group', { name: 'Rating' })).toBeHidden();

  await page.getByRole('button', { name: 'Invite to rate' }).click();
  await expect(widget.getByText('How did we do? Please rate this conversation.')).toBeVisible();
  const stars = widget.getByRole('group', { name: 'Rating' });
  await expect(widget.getByRole('button', { name: 'Send rating' })).toBeDisabled();
  await stars.getByRole('radio', { name: '4 of 5 stars' }).check();
  await widget.getByLabel('Comment (optional)').fill('Quick and kind');
  await widget.getByRole('button', { name: 'Send rating' }).click();
  await expect(stars).toBeHidden();

  // The agent sees the rating and the comment in the conversation.
  const chat = page.getByRole('list', { name: 'Chat' });
  await expect(chat.getByRole('img', { name: '4 of 5 stars' })).toBeVisible();
  await expect(chat.getByText('Quick and kind')).toBeVisible();
  await host.context().close();
});

test('internal notes stay with agents, emoji go both ways', async ({ page, browser }) => {
  await signIn(page);
  await expect(page.getByText('Connecting…')).toBeHidden();
  const { host, widget } = await conversation(page, browser, `Order question #${Date.now()}`);

  await page.getByRole('checkbox', { name: 'Internal note' }).check();
  await page.getByLabel('Internal note (only agents see it)').fill('Customer since 2019, be generous');
  await page.getByLabel('Internal note (only agents see it)').press('Enter');
  const chat = page.getByRole('list', { name: 'Chat' });
  await expect(chat.getByRole('listitem').filter({ hasText: 'Customer since 2019' })).toContainText('Internal note');
  await page.getByRole('checkbox', { name: 'Internal note' }).uncheck();

  // The agent's emoji reply reaches the visitor; the note never does.
  await page.getByRole('button', { name: 'Emoji' }).click();
  await page.getByRole('group', { name: 'Emoji' }).getByRole('button', { name: '👋' }).click();
  await expect(page.getByLabel('Reply', { exact: true })).toHaveValue('👋');
  await page.getByLabel('Reply', { exact: true }).press('Enter');
  await expect(widget.getByRole('list', { name: 'Messages' }).getByText('👋', { exact: true })).toBeVisible();
  await expect(widget.getByText('Customer since 2019')).toHaveCount(0);

  await widget.getByRole('button', { name: 'Emoji' }).click();
  await widget.getByRole('group', { name: 'Emoji' }).getByRole('button', { name: '👍' }).click();
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(chat.getByText('👍', { exact: true })).toBeVisible();
  await host.context().close();
});

test('an agent blocks a visitor from the chat window', async ({ page, browser }) => {
  await signIn(page);
  await expect(page.getByText('Connecting…')).toBeHidden();
  const { host, widget } = await conversation(page, browser, `Spam spam #${Date.now()}`);
  const asked = page.waitForEvent('dialog');
  const click = page.getByRole('button', { name: 'Block visitor' }).click();
  const dialog = await asked;
  expect(dialog.message()).toBe('Block this visitor? They will no longer be able to chat with you.');
  await dialog.accept();
  await click;
  await expect(page.getByText('This visitor is blocked.')).toBeVisible();
  await expect(widget.getByText("Sorry, you can't start a conversation here.")).toBeVisible();
  await expect(widget.getByLabel('Message', { exact: true })).toBeHidden();
  await host.context().close();
});
