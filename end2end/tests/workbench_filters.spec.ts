import { demoProjectKey, expect, openWidget, seedChats, signIn, test, visit } from './helpers';

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

test('the visitor-tag menu narrows the list to the visitors who carry that tag', async ({ page }) => {
  const stamp = Date.now();
  const key = await demoProjectKey(page);
  await seedChats(page, key, [[`alpha #${stamp}`], [`beta #${stamp}`]]);
  await signIn(page);
  const tagName = `Wholesale ${stamp}`;
  const created = await page.request.post('/api/tag_create', { form: { kind: 'visitor', name: tagName } });
  expect(created.ok()).toBe(true);
  await visit(page, '/workbench');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /^All \d+$/ }).click();
  const list = page.getByRole('region', { name: 'Conversations' });
  const rows = list.getByRole('listitem');
  const alpha = list.getByRole('button', { name: new RegExp(`alpha #${stamp}`) });
  const beta = list.getByRole('button', { name: new RegExp(`beta #${stamp}`) });
  await expect(beta).toBeVisible();

  // Tag the first visitor in the visitor panel.
  await alpha.click();
  const tags = page.getByRole('complementary', { name: 'Visitor' }).getByRole('group', { name: 'Visitor tags' });
  const stored = page.waitForResponse((response) => response.url().endsWith('/api/visitor_panel_tags') && response.ok());
  await tags.getByRole('checkbox', { name: tagName }).check();
  await stored;

  const menu = page.getByLabel('Visitor tag', { exact: true });
  await menu.selectOption({ label: tagName });
  await expect(rows).toHaveCount(1);
  await expect(alpha).toBeVisible();
  await expect(beta).toBeHidden();
  await menu.selectOption({ label: 'Any tag' });
  await expect(beta).toBeVisible();
  await expect(alpha).toBeVisible();
});
