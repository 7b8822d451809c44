import { expect, openWidget, signIn, test, visit } from './helpers';

test('a named visitor shows by name in the workbench and is found by email, phone and name', async ({ page, browser }) => {
  const stamp = Date.now();
  const digits = String(stamp).slice(-7);
  const phone = `+1 ${digits.slice(0, 3)} ${digits.slice(3)}`;
  const name = `Yara ${stamp}`;
  const email = `yara.${stamp}@example.com`;
  const { host, widget } = await openWidget(browser);
  await expect(widget.getByText('Reconnecting…')).toBeHidden();
  await widget.getByLabel('Message', { exact: true }).fill(`question #${stamp}`);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(widget.getByText('Sending…')).toBeHidden();

  // The admin names the visitor in Console → Contacts (the newest visitor is listed first).
  await signIn(page);
  await visit(page, '/console');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Contacts' }).click();
  await page.getByRole('link', { name: 'Open Anonymous visitor' }).first().click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Phone').fill(phone);
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  // In the workbench the row carries the name instead of "Visitor 1a2b3c".
  await visit(page, '/workbench');
  const list = page.getByRole('region', { name: 'Conversations' });
  const row = list.getByRole('button', { name: new RegExp(`${name}.*question #${stamp}`) });
  await expect(row).toBeVisible();
  const rows = list.getByRole('listitem');

  // Part of the email: only this visitor's conversation is left.
  const emailFilter = page.getByLabel('Visitor email');
  await emailFilter.fill(`YARA.${stamp}@exa`);
  await expect(rows).toHaveCount(1);
  await expect(row).toBeVisible();
  await emailFilter.fill('');

  // The phone's digits, written another way.
  const phoneFilter = page.getByLabel('Visitor phone');
  await phoneFilter.fill(`${digits.slice(0, 3)}-${digits.slice(3)}`);
  await expect(rows).toHaveCount(1);
  await expect(row).toBeVisible();
  await phoneFilter.fill('');

  // The search box finds the name; a non-matching email filter then hides the row.
  await page.getByLabel('Search conversations').fill(name.toLowerCase());
  await expect(rows).toHaveCount(1);
  await expect(row).toBeVisible();
  await emailFilter.fill(`nobody.${stamp}@`);
  await expect(row).toBeHidden();
  await expect(list.getByText('No conversations match these filters.')).toBeVisible();
  await emailFilter.fill('');
  await expect(row).toBeVisible();
  await host.context().close();
});
