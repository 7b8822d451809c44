import { expect, openWidget, signIn, test } from './helpers';

test('an admin finds a conversation in Sessions by its state and reads the whole transcript', async ({ page, browser }) => {
  const question = `Can I return a gift? #${Date.now()}`;
  const { host, widget } = await openWidget(browser);
  await expect(widget.getByText('Reconnecting…')).toBeHidden();
  await widget.getByLabel('Message', { exact: true }).fill(question);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(widget.getByText('Sending…')).toBeHidden();

  await signIn(page, { next: '/console' });
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Sessions' }).click();
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  await page.getByLabel('State').selectOption('open');
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Started from').fill(today);
  // The newest conversation comes first.
  await page.getByRole('button', { name: /^Transcript of / }).first().click();
  const transcript = page.getByRole('list', { name: 'Transcript' });
  await expect(transcript.getByText(question)).toBeVisible();

  const openCells = page.getByRole('table').getByRole('cell', { name: 'Open', exact: true });
  await expect(openCells.first()).toBeVisible();
  // Closed only: no open conversation is listed any more.
  await page.getByLabel('State').selectOption('closed');
  await expect(openCells).toHaveCount(0);

  // By rating: nobody rated today's open conversations, so they show under "Not rated" only.
  await page.getByLabel('State').selectOption('open');
  const notRated = page.getByRole('table').getByRole('cell', { name: 'Not rated', exact: true });
  await page.getByLabel('Rating').selectOption('unrated');
  await expect(notRated.first()).toBeVisible();
  await page.getByLabel('Rating').selectOption('5');
  await expect(notRated).toHaveCount(0);
  await expect(page.getByLabel('Session tag')).toBeVisible();
  await host.context().close();
});
