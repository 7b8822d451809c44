import { expect, openWidget, signIn, test, visit } from './helpers';

test('an admin names a visitor in Contacts, finds them by email, and blacklists them', async ({ page, browser, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/contact_fields', 422);
  const stamp = Date.now();
  const { host, widget } = await openWidget(browser);
  await expect(widget.getByText('Reconnecting…')).toBeHidden();
  await widget.getByLabel('Message', { exact: true }).fill(`my order #${stamp} is late`);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(widget.getByText('Sending…')).toBeHidden();

  await signIn(page);
  await visit(page, '/console');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
  // The newest visitor is listed first.
  await page.getByRole('link', { name: 'Open Anonymous visitor' }).first().click();
  await expect(page.getByRole('heading', { name: 'Anonymous visitor', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(1);

  await page.getByLabel('Email').fill('not an address');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
  await page.getByLabel('Name').fill(`Zed ${stamp}`);
  await page.getByLabel('Email').fill(`zed.${stamp}@example.com`);
  await page.getByLabel('Phone').fill('+1 555 0100');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByRole('heading', { name: `Zed ${stamp}`, level: 1 })).toBeVisible();

  await page.getByRole('link', { name: 'Back to contacts' }).click();
  await page.getByLabel('Search by name, email or phone').fill(`zed.${stamp}@`);
  await expect(page.getByRole('link', { name: `Open Zed ${stamp}` })).toBeVisible();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);

  await page.getByRole('link', { name: `Open Zed ${stamp}` }).click();
  await page.getByRole('button', { name: 'Blacklist' }).click();
  await expect(page.getByText('Blacklisted: their widget cannot start or continue conversations.')).toBeVisible();
  // The visitor's open widget is cut off and says why, politely.
  await expect(widget.getByText("Sorry, you can't start a conversation here.")).toBeVisible();
  await expect(widget.getByLabel('Message', { exact: true })).toBeHidden();

  await page.getByRole('button', { name: 'Remove from blacklist' }).click();
  await expect(page.getByRole('button', { name: 'Blacklist' })).toBeVisible();
  await host.context().close();
});
