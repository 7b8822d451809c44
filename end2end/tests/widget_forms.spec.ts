import type { Browser, FrameLocator, Page } from '@playwright/test';
import { expect, pathIs, settle, signIn, test, visit } from './helpers';

/** Opens the console's Settings page and its visitor forms card. */
async function openFormsSettings(page: Page): Promise<void> {
  await visit(page, '/console/settings');
  await expect(page).toHaveURL(pathIs('/console/settings'));
  await expect(page.getByRole('heading', { name: 'Visitor forms and hours' })).toBeVisible();
}

/** Saves the visitor forms card and waits for "Saved". */
async function saveForms(page: Page): Promise<void> {
  const card = page.getByRole('region', { name: 'Visitor forms and hours' });
  await card.getByRole('button', { name: 'Save forms and hours' }).click();
  await expect(card.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

/** Puts the forms back as a fresh project has them, so other tests see the plain chat. */
async function resetForms(page: Page): Promise<void> {
  await openFormsSettings(page);
  const card = page.getByRole('region', { name: 'Visitor forms and hours' });
  for (const field of ['Name', 'Email', 'Phone']) {
    await card.getByLabel(field, { exact: true }).selectOption('off');
  }
  await card.getByRole('checkbox', { name: /^Offline form/ }).uncheck();
  await saveForms(page);
}

/** A fresh visitor on the demo page with the chat panel open (whatever it shows). */
async function openPanel(browser: Browser): Promise<{ host: Page; widget: FrameLocator }> {
  const context = await browser.newContext({ locale: 'en-US' });
  const host = await context.newPage();
  await visit(host, '/demo');
  await host.getByRole('button', { name: 'Open chat', exact: true }).click();
  return { host, widget: host.frameLocator('[data-parley] iframe') };
}

/** The workbench's row of the conversation whose last message is `text`. */
function row(page: Page, text: string) {
  return page.getByRole('button', { name: new RegExp(text.replace(/[#?.]/g, '.')) });
}

test('offline form when all agents are away', async ({ page, browser }) => {
  // Agents signed in by earlier tests count as present for a grace period (30 s) after their
  // last tab closed: the widget page is opened again until nobody is left.
  test.setTimeout(120_000);
  await signIn(page);
  try {
    await openFormsSettings(page);
    const card = page.getByRole('region', { name: 'Visitor forms and hours' });
    await card.getByRole('checkbox', { name: /^Offline form/ }).check();
    // "Bot reception first" is stored and shown, and says the bot itself comes later.
    await expect(card.getByText(/bot, which comes in a later release/)).toBeVisible();
    await saveForms(page);

    // The only agent goes away: nobody can answer.
    await visit(page, '/workbench');
    await page.getByLabel('Status').selectOption('away');
    await settle(page);

    const away = "We're away right now. Leave a message and we'll reply by email.";
    let { host, widget } = await openPanel(browser);
    await expect(async () => {
      if (!(await widget.getByText(away).isVisible())) {
        await host.context().close();
        ({ host, widget } = await openPanel(browser));
      }
      await expect(widget.getByText(away)).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    // No chat composer while the offline form shows.
    await expect(widget.getByRole('button', { name: 'Send', exact: true })).toBeHidden();
    const message = `Do you ship to Norway? #${Date.now()}`;
    await widget.getByLabel('Email', { exact: true }).fill('ann@example.com');
    await widget.getByRole('textbox', { name: 'Message', exact: true }).fill(message);
    await widget.getByRole('button', { name: 'Send message' }).click();
    await expect(widget.getByText("Thanks! We'll reply to you by email.")).toBeVisible();
    await expect(widget.getByText(message)).toBeVisible();

    // The conversation waits in the workbench's queue with the message.
    await page.getByRole('button', { name: /^Queued \d+$/ }).click();
    await expect(row(page, message)).toBeVisible();
    await row(page, message).click();
    await expect(page.getByRole('list', { name: 'Chat' }).getByText(message)).toBeVisible();
    await host.context().close();

    // A panel loaded while nobody could answer asks again when it is opened: the agent is
    // back, so the reopened panel offers the chat instead of the offline form.
    const later = await openPanel(browser);
    await expect(later.widget.getByText(away)).toBeVisible();
    await later.widget.getByRole('button', { name: 'Close chat' }).click();
    await page.getByLabel('Status').selectOption('online');
    await settle(page);
    await later.host.getByRole('button', { name: 'Open chat', exact: true }).click();
    await expect(later.widget.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
    await expect(later.widget.getByText(away)).toBeHidden();
    await later.host.context().close();
  } finally {
    await visit(page, '/workbench');
    await page.getByLabel('Status').selectOption('online');
    await resetForms(page);
  }
});

test('a required name in the pre-chat form reaches the agent', async ({ page, browser, pageProblems }) => {
  await signIn(page);
  try {
    await openFormsSettings(page);
    const card = page.getByRole('region', { name: 'Visitor forms and hours' });
    await card.getByLabel('Name', { exact: true }).selectOption('required');
    await card.getByLabel('Email', { exact: true }).selectOption('optional');
    // A bad time zone is refused next to its field, nothing is stored.
    pageProblems.allowFailedRequest('/api/update_visitor_forms', 422);
    await card.getByLabel('Time zone').fill('Mars/Olympus');
    await card.getByRole('button', { name: 'Save forms and hours' }).click();
    await expect(card.getByText('Use a time zone name like Europe/Berlin or America/New_York.')).toBeVisible();
    await card.getByLabel('Time zone').fill('Europe/Berlin');
    await saveForms(page);
    await visit(page, '/workbench');

    const { host, widget } = await openPanel(browser);
    await expect(widget.getByText('Before we start, please tell us about you.')).toBeVisible();
    await expect(widget.getByLabel('Phone')).toBeHidden();
    const start = widget.getByRole('button', { name: 'Start chat' });
    // The name is required: the form is not sent without it.
    await start.click();
    await expect(widget.getByLabel('Name')).toBeVisible();
    await expect(widget.getByRole('button', { name: 'Send', exact: true })).toBeHidden();
    const name = `Nora ${Date.now()}`;
    await widget.getByLabel('Name').fill(name);
    await start.click();

    const composer = widget.getByRole('textbox', { name: 'Message', exact: true });
    await expect(composer).toBeVisible();
    const question = `Where is my parcel? #${Date.now()}`;
    await composer.fill(question);
    await composer.press('Enter');
    await expect(widget.getByText('Sending…')).toBeHidden();
    // The agent sees the visitor by the name they gave.
    await expect(page.getByRole('button', { name: new RegExp(name) })).toBeVisible();
    await host.context().close();
  } finally {
    await resetForms(page);
  }
});
