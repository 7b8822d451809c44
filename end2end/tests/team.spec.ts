import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, pathIs, settle, signIn, submitLogin, test, visit } from './helpers';

// The test server has no SMTP server configured: its mail lands in the console's outbox.
const serverBin = path.resolve(__dirname, '..', process.env.PARLEY_BIN ?? '../target/debug/parley');

/** Opens the console's Team page from the console menu. */
async function openTeam(page: Page): Promise<void> {
  await visit(page, '/console');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Team' }).click();
  await expect(page).toHaveURL(pathIs('/console/team'));
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
}

/** The join link in the newest outbox mail to `email`. */
async function joinLinkFor(page: Page, email: string): Promise<string> {
  const outbox = page.getByRole('list', { name: 'Outbox' });
  const mail = outbox.getByRole('listitem').filter({ hasText: email }).first();
  await expect(mail).toBeVisible();
  const body = (await mail.locator('pre').textContent()) ?? '';
  const link = body.match(/https?:\/\/\S+\/join\/[A-Za-z0-9_-]+/)?.[0];
  expect(link, `a join link in: ${body}`).toBeTruthy();
  return new URL(link as string).pathname;
}

test('an admin invites people, the invitee joins from the mail and signs in', async ({ page, browser }) => {
  const stamp = Date.now();
  const newcomer = `newcomer.${stamp}@example.com`;
  await signIn(page);
  await openTeam(page);
  await expect(page.getByText(/\d+ of \d+ seats used/)).toBeVisible();

  await page.getByLabel('Email addresses').fill(`${newcomer}, not-an-address\n${newcomer.toUpperCase()}`);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  const results = page.getByRole('list', { name: 'Invitation results' });
  // One line per address, in the order typed.
  await expect(results.getByRole('listitem')).toHaveText([
    `${newcomer}: Invitation sent`,
    'not-an-address: Not a valid email address',
    `${newcomer.toUpperCase()}: Listed twice`,
  ]);
  await expect(page.getByRole('list', { name: 'Pending invitations' }).getByText(newcomer)).toBeVisible();
  const joinPath = await joinLinkFor(page, newcomer);

  // The invitee opens the link in their own browser.
  const context = await browser.newContext({ locale: 'en-US' });
  const invitee = await context.newPage();
  await visit(invitee, joinPath);
  await expect(invitee.getByRole('heading', { name: 'Join Demo Shop' })).toBeVisible();
  await expect(invitee.getByText(`You were invited as ${newcomer}.`)).toBeVisible();
  await invitee.getByLabel('Password', { exact: true }).fill('short');
  await invitee.getByLabel('Your name').fill('Nia Newcomer');
  await invitee.getByRole('button', { name: 'Join and open the workbench' }).click();
  await expect(invitee.getByText('Use at least 8 characters.')).toBeVisible();
  await invitee.getByLabel('Password', { exact: true }).fill('newcomer-password');
  await invitee.getByRole('button', { name: 'Join and open the workbench' }).click();
  await expect(invitee).toHaveURL(pathIs('/workbench'));
  await expect(invitee.getByRole('group', { name: 'Account' }).getByText('Nia Newcomer')).toBeVisible();

  // Signed out, the new agent signs in with what they chose; the link is used up.
  await invitee.getByRole('button', { name: 'Sign out' }).click();
  await expect(invitee).toHaveURL(pathIs('/login'));
  await submitLogin(invitee, newcomer, 'newcomer-password');
  await expect(invitee).toHaveURL(pathIs('/workbench'));
  await visit(invitee, joinPath);
  await expect(invitee.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();

  // The admin sees the new member and deactivates them: the agent's workbench signs out.
  await visit(invitee, '/workbench');
  await openTeam(page);
  const row = page.getByRole('row').filter({ hasText: newcomer });
  await expect(row.getByRole('rowheader')).toHaveText('Nia Newcomer');
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Deactivate Nia Newcomer' }).click();
  await expect(row).toContainText('Deactivated');
  await expect(invitee).toHaveURL(pathIs('/login'));
  await settle(invitee);
  await submitLogin(invitee, newcomer, 'newcomer-password');
  await expect(invitee.getByText("That email and password don't match an account.")).toBeVisible();
  await context.close();
});

test('the last admin cannot demote themselves, and the console says why', async ({ page, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/member_role', 409);
  await signIn(page);
  await openTeam(page);
  const me = page.getByRole('row').filter({ hasText: 'admin@demo.parley.chat' });
  await me.getByLabel('Role of Demo Admin').selectOption('agent');
  await expect(page.getByText('The project needs at least one active admin.', { exact: false })).toBeVisible();
  // Still an admin: the console stays open to them.
  await visit(page, '/console/team');
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
});

test('a member switches the workbench to 简体中文 in their profile', async ({ browser }) => {
  const stamp = Date.now();
  const email = `linguist.${stamp}@example.com`;
  execFileSync(serverBin, ['create-agent', '--email', email, '--password', 'linguist-password', '--name', 'Lin'], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, PARLEY_DATA_DIR: process.env.PARLEY_E2E_DATA_DIR, PARLEY_LOG: 'error' },
  });
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await visit(page, '/login');
  await submitLogin(page, email, 'linguist-password');
  await expect(page).toHaveURL(pathIs('/workbench'));
  await settle(page);
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page).toHaveURL(pathIs('/workbench/profile'));
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await page.getByLabel('Working language').selectOption('zh-Hans');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('heading', { name: '个人资料', level: 1 })).toBeVisible();

  await visit(page, '/workbench');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link', { name: '工作台' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^我的 \d+$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  await context.close();
});

test('changing the password ends every session and shows the sign-in page', async ({ browser }) => {
  const stamp = Date.now();
  const email = `changer.${stamp}@example.com`;
  execFileSync(serverBin, ['create-agent', '--email', email, '--password', 'first-password', '--name', 'Cam'], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, PARLEY_DATA_DIR: process.env.PARLEY_E2E_DATA_DIR, PARLEY_LOG: 'error' },
  });
  const signedIn = async (): Promise<Page> => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await visit(page, '/login');
    await submitLogin(page, email, 'first-password');
    await expect(page).toHaveURL(pathIs('/workbench'));
    await settle(page);
    return page;
  };
  const elsewhere = await signedIn();
  const page = await signedIn();
  await visit(page, '/workbench/profile');
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password').fill('second-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('That is not right.')).toBeVisible();

  await page.getByLabel('Current password').fill('first-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(pathIs('/login'));
  // The other device's workbench loses its session too.
  await expect(elsewhere).toHaveURL(pathIs('/login'));
  await settle(page);
  await submitLogin(page, email, 'second-password');
  await expect(page).toHaveURL(pathIs('/workbench'));
  for (const p of [page, elsewhere]) await p.context().close();
});
