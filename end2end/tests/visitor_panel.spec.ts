import { expect, openWidget, signIn, test } from './helpers';

test('an agent sees the visitor’s browser and page, edits their region and a tag, and both persist', async ({ page, browser }) => {
  const stamp = Date.now();
  await signIn(page);
  // A visitor tag to put on them (admins keep the catalogue; the demo admin is one).
  const tagName = `VIP ${stamp}`;
  const created = await page.request.post('/api/tag_create', { form: { kind: 'visitor', name: tagName } });
  expect(created.status()).toBe(200);

  const { host, widget } = await openWidget(browser);
  await expect(widget.getByText('Reconnecting…')).toBeHidden();
  const question = `Do you have this in blue? #${stamp}`;
  await widget.getByLabel('Message', { exact: true }).fill(question);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  await expect(widget.getByText('Sending…')).toBeHidden();

  const row = page.getByRole('button', { name: new RegExp(`#${stamp}`) });
  await row.click();
  const pane = page.getByRole('complementary', { name: 'Visitor' });
  const details = pane.getByRole('region', { name: 'Details' });
  // Chromium (its user agent as playwright.config.ts sets it), on the demo page, open right now.
  await expect(details.getByRole('definition').filter({ hasText: /^Chrome \d/ })).toBeVisible();
  await expect(details.getByRole('definition').filter({ hasText: /^(Windows|Linux|Mac OS)/ })).toBeVisible();
  await expect(details.getByText('Computer', { exact: true })).toBeVisible();
  await expect(details.getByText('Online now')).toBeVisible();
  await expect(details.getByText(/\/demo$/)).toBeVisible();
  await expect(details.getByText(/^\d\d:\d\d \(.+\)$/)).toBeVisible();
  const conversation = pane.getByRole('region', { name: 'Conversation', exact: true });
  await expect(conversation.getByText(question)).toBeVisible();

  const region = `Bavaria ${stamp}`;
  await pane.getByLabel('Region').fill(region);
  await pane.getByRole('button', { name: 'Save visitor details' }).click();
  await expect(pane.getByText('Saved.')).toBeVisible();
  const tags = pane.getByRole('group', { name: 'Visitor tags' });
  const stored = page.waitForResponse((response) => response.url().endsWith('/api/visitor_panel_tags') && response.ok());
  await tags.getByRole('checkbox', { name: tagName }).check();
  await stored;

  await page.reload();
  await page.getByRole('button', { name: new RegExp(`#${stamp}`) }).click();
  await expect(pane.getByLabel('Region')).toHaveValue(region);
  await expect(pane.getByRole('group', { name: 'Visitor tags' }).getByRole('checkbox', { name: tagName })).toBeChecked();
  await host.context().close();
});
