import type { Locator, Page } from '@playwright/test';
import { expect, pathIs, signIn, test, visit } from './helpers';

/** Opens the console's Catalogues page from the console menu. */
async function openCatalogues(page: Page): Promise<void> {
  await visit(page, '/console');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Catalogues' }).click();
  await expect(page).toHaveURL(pathIs('/console/catalogues'));
  await expect(page.getByRole('heading', { name: 'Catalogues', level: 1 })).toBeVisible();
}

/** Clicks `button` and accepts the confirmation it asks for, expecting `question`. */
async function confirmDelete(page: Page, button: Locator, question: string): Promise<void> {
  const asked = page.waitForEvent('dialog');
  const click = button.click();
  const dialog = await asked;
  expect(dialog.message()).toBe(question);
  await dialog.accept();
  await click;
}

test('an admin keeps quick replies, tags and FAQ entries', async ({ page, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/quick_reply_create', 422);
  await signIn(page);
  await openCatalogues(page);

  // A quick reply with a shortcut typed with its slash.
  const replies = page.getByRole('region', { name: 'Quick replies' });
  const replyList = replies.getByRole('list', { name: 'Quick replies' });
  await expect(replies.getByText('No quick replies yet.')).toBeVisible();
  await replies.getByLabel('Title', { exact: true }).fill('Thanks');
  await replies.getByLabel('Shortcut (optional)').fill('/thanks');
  await replies.getByLabel('Text', { exact: true }).fill('Thank you for waiting!');
  await replies.getByRole('button', { name: 'Add quick reply' }).click();
  const thanks = replyList.getByRole('listitem').filter({ hasText: 'Thanks' });
  await expect(thanks).toContainText('/thanks');
  await expect(thanks).toContainText('Thank you for waiting!');
  await expect(replies.getByLabel('Title', { exact: true })).toHaveValue('');

  // The same shortcut again is refused next to the field.
  await replies.getByLabel('Title', { exact: true }).fill('Thanks again');
  await replies.getByLabel('Shortcut (optional)').fill('THANKS');
  await replies.getByLabel('Text', { exact: true }).fill('Thanks once more.');
  await replies.getByRole('button', { name: 'Add quick reply' }).click();
  await expect(replies.getByText('Another quick reply already uses this shortcut.')).toBeVisible();
  await expect(replies.getByLabel('Shortcut (optional)')).toHaveAttribute('aria-invalid', 'true');
  await replies.getByLabel('Shortcut (optional)').fill('');
  await replies.getByLabel('Title', { exact: true }).fill('');
  await replies.getByLabel('Text', { exact: true }).fill('');

  // A visitor tag.
  const visitorTags = page.getByRole('region', { name: 'Visitor tags' });
  await visitorTags.getByLabel('Visitor tag name').fill('VIP');
  await visitorTags.getByRole('button', { name: 'Add visitor tag' }).click();
  await expect(visitorTags.getByRole('list', { name: 'Visitor tags' }).getByRole('listitem')).toHaveText([/VIP/]);
  await expect(page.getByRole('region', { name: 'Session tags' }).getByText('No tags yet.')).toBeVisible();

  // An FAQ entry; its keywords come back lower-cased, without repeats.
  const faq = page.getByRole('region', { name: 'FAQ' });
  await faq.getByLabel('Question').fill('When do you ship?');
  await faq.getByLabel('Answer').fill('Every weekday before 3 pm.');
  await faq.getByLabel('Keywords').fill('Shipping, delivery, shipping');
  await faq.getByRole('button', { name: 'Add FAQ entry' }).click();
  const shipping = faq.getByRole('list', { name: 'FAQ' }).getByRole('listitem').filter({ hasText: 'When do you ship?' });
  await expect(shipping).toContainText('Every weekday before 3 pm.');
  await expect(shipping).toContainText('Keywords: shipping, delivery');

  // Editing the quick reply in the same form.
  await thanks.getByRole('button', { name: 'Edit Thanks', exact: true }).click();
  await expect(replies.getByRole('heading', { name: 'Edit quick reply' })).toBeVisible();
  await expect(replies.getByLabel('Title', { exact: true })).toBeFocused();
  await expect(replies.getByLabel('Shortcut (optional)')).toHaveValue('/thanks');
  await replies.getByLabel('Text', { exact: true }).fill('Thanks a lot for waiting!');
  await replies.getByRole('button', { name: 'Save changes' }).click();
  await expect(thanks).toContainText('Thanks a lot for waiting!');
  await expect(replies.getByRole('heading', { name: 'New quick reply' })).toBeVisible();
  await expect(replies.getByRole('button', { name: 'Cancel' })).toBeHidden();

  // Deleting the tag, after confirming.
  await confirmDelete(
    page,
    visitorTags.getByRole('button', { name: 'Delete VIP', exact: true }),
    'Delete “VIP”? This cannot be undone.',
  );
  await expect(visitorTags.getByText('No tags yet.')).toBeVisible();

  // All of it was stored.
  await visit(page, '/console/catalogues');
  await expect(replyList.getByRole('listitem')).toHaveCount(1);
  await expect(thanks).toContainText('Thanks a lot for waiting!');
  await expect(shipping).toBeVisible();
  await expect(visitorTags.getByText('No tags yet.')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);

  // Leave the server as the other tests expect it.
  await confirmDelete(page, thanks.getByRole('button', { name: 'Delete Thanks' }), 'Delete “Thanks”? This cannot be undone.');
  await confirmDelete(
    page,
    shipping.getByRole('button', { name: 'Delete When do you ship?' }),
    'Delete “When do you ship?”? This cannot be undone.',
  );
  await expect(replies.getByText('No quick replies yet.')).toBeVisible();
  await expect(faq.getByText('No FAQ entries yet.')).toBeVisible();
});
