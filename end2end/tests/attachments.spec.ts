import { expect, openWidget, test, signIn } from './helpers';

/** A valid 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('a visitor sends a picture, the agent sees its preview and sends a file back', async ({ page, browser }) => {
  await signIn(page);
  const { host, widget } = await openWidget(browser);
  await expect(widget.getByText('Reconnecting…')).toBeHidden();

  const question = `Is this the right part? #${Date.now()}`;
  await widget.getByLabel('Message', { exact: true }).fill(question);
  await widget.getByLabel('Message', { exact: true }).press('Enter');
  const row = page.getByRole('button', { name: new RegExp(question.replace(/[?#]/g, '.')) });
  await row.click();
  const chat = page.getByRole('list', { name: 'Chat' });
  await expect(chat.getByText(question)).toBeVisible();

  // The visitor attaches a picture: it shows on both sides, loaded with each side's credentials.
  const name = `part-${Date.now()}.png`;
  await widget.getByLabel('Attach a file', { exact: true }).setInputFiles({ name, mimeType: 'image/png', buffer: PNG });
  const own = widget.getByRole('img', { name, exact: true });
  await expect(own).toBeVisible();
  await expect.poll(() => own.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  const preview = chat.getByRole('img', { name, exact: true });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  // A type that is not accepted is refused with a clear line, and nothing is sent.
  await widget.getByLabel('Attach a file', { exact: true }).setInputFiles({
    name: 'logo.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  });
  await expect(widget.getByRole('status').filter({ hasText: 'This type of file cannot be sent.' })).toBeVisible();
  await expect(chat.getByRole('img', { name: 'logo.png' })).toHaveCount(0);

  // The agent answers with a document: the visitor gets a download link with its size.
  await page.getByLabel('Attach a file', { exact: true }).setInputFiles({
    name: 'invoice.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Order 42: shipped on Monday.\n'),
  });
  const link = widget.getByRole('link', { name: 'invoice.txt (29 B)' });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('href', /^\/files\/[0-9a-f-]+\?visitor=/);
  await expect(chat.getByRole('link', { name: 'invoice.txt (29 B)' })).toHaveAttribute('href', /^\/files\/[0-9a-f-]+$/);
  await host.context().close();
});
