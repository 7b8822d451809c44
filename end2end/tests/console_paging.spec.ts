import { demoProjectKey, expect, seedChats, signIn, test } from './helpers';

test('Sessions and Contacts page through a long history with Show more, never repeating a row', async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const key = await demoProjectKey(page);
  // More than two Sessions pages (50 rows) and more than one Contacts page (100 rows).
  await seedChats(page, key, Array.from({ length: 110 }, (_, index) => [`paging ${index} of ${stamp}`]));

  await signIn(page, { next: '/console/sessions' });
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  const sessions = page.getByRole('table').getByRole('button', { name: /^Transcript of / });
  await expect(sessions).toHaveCount(50);
  await page.getByRole('button', { name: 'Show more', exact: true }).click();
  await expect(sessions).toHaveCount(100);
  // Newest first (seeded ten at a time): row 1 is one of the last ten chats, row 100 one of
  // chats 10–19, so the second page continued where the first stopped.
  const transcript = page.getByRole('list', { name: 'Transcript' });
  await sessions.first().click();
  await expect(transcript.getByText(new RegExp(`^paging 10\\d of ${stamp}$`))).toBeVisible();
  await sessions.nth(99).click();
  await expect(transcript.getByText(new RegExp(`^paging 1\\d of ${stamp}$`))).toBeVisible();

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
  const contacts = page.getByRole('table').getByRole('link', { name: /^Open / });
  await expect(contacts).toHaveCount(100);
  await page.getByRole('button', { name: 'Show more', exact: true }).click();
  await expect.poll(() => contacts.count()).toBeGreaterThan(100);
  const hrefs = await contacts.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  expect(new Set(hrefs).size).toBe(hrefs.length);
});
