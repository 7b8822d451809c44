import {
  demoAdmin,
  demoProject,
  expect,
  expectLoginPage,
  pathIs,
  settle,
  signIn,
  submitLogin,
  test,
  visit,
} from './helpers';

test.describe('signed out', () => {
  test('the workbench redirects to sign-in, remembering where to go', async ({ page }) => {
    await visit(page, '/workbench');
    await expectLoginPage(page, '/workbench');
  });

  test('the console redirects to sign-in, remembering where to go', async ({ page }) => {
    await visit(page, '/console');
    await expectLoginPage(page, '/console');
  });
});

test.describe('sign-in form', () => {
  test('a wrong password shows an error and stays on the sign-in page', async ({
    page,
    pageProblems,
  }) => {
    pageProblems.allowFailedRequest('/api/login', 401);
    await visit(page, '/login');
    await submitLogin(page, demoAdmin.email, 'not-the-password');
    await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
    await expect(page).toHaveURL(pathIs('/login'));
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  });

  test('a malformed email is flagged next to the Email field', async ({ page, pageProblems }) => {
    pageProblems.allowFailedRequest('/api/login', 422);
    await visit(page, '/login');
    await submitLogin(page, 'not-an-email', 'some-password');
    const message = 'Enter a valid email address, like name@example.com.';
    await expect(page.getByText(message)).toBeVisible();
    const email = page.getByLabel('Email', { exact: true });
    await expect(email).toHaveAccessibleDescription(message);
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(pathIs('/login'));
  });

  test('an empty password is flagged next to the Password field', async ({
    page,
    pageProblems,
  }) => {
    pageProblems.allowFailedRequest('/api/login', 422);
    await visit(page, '/login');
    await submitLogin(page, demoAdmin.email, '');
    const message = 'This field is required.';
    await expect(page.getByText(message)).toBeVisible();
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveAccessibleDescription(message);
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(pathIs('/login'));
  });
});

test('the demo admin signs in, opens the console, copies the snippet and signs out', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });

  // Workbench: who is signed in, the views and the three panes.
  await signIn(page);
  const account = page.getByRole('group', { name: 'Account' });
  await expect(account.getByText(demoAdmin.displayName, { exact: true })).toBeVisible();
  await expect(account.getByText(demoAdmin.role, { exact: true })).toBeVisible();
  const views = page.getByRole('navigation', { name: 'Views' });
  for (const view of ['Mine', 'Queued', 'Unread', 'On hold', 'Replied', 'Closed']) {
    // Each button also carries its count, so its name is "<view> <count>".
    await expect(views.getByRole('button', { name: view })).toBeVisible();
  }
  for (const pane of ['Conversations', 'Chat', 'Visitor']) {
    await expect(page.getByRole('heading', { name: pane, level: 2, exact: true })).toBeVisible();
  }
  await expect(page.getByText('Select a conversation to read and reply.')).toBeVisible();

  // Console, through the top bar.
  const mainNav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(mainNav.getByRole('link', { name: 'Workbench', exact: true })).toBeVisible();
  await mainNav.getByRole('link', { name: 'Console', exact: true }).click();
  await expect(page).toHaveURL(pathIs('/console'));
  await settle(page);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  const project = page.getByRole('region', { name: 'Project', exact: true });
  await expect(project.getByText(demoProject, { exact: true })).toBeVisible();
  const install = page.getByRole('region', { name: 'Install the chat widget' });
  const snippet = install.getByLabel('Install snippet');
  await expect(snippet).not.toBeEditable();
  await expect(snippet).toHaveValue(/\/widget\.js/);
  await expect(snippet).toHaveValue(/data-project=/);

  // Copy the snippet.
  const snippetText = (await snippet.inputValue()).trim();
  await install.getByRole('button', { name: 'Copy snippet' }).click();
  await expect(install.getByRole('button', { name: 'Copied' })).toBeVisible();
  await expect
    .poll(async () => (await page.evaluate(() => navigator.clipboard.readText())).trim())
    .toBe(snippetText);

  // Sign out: back to the sign-in page, and the workbench is closed again.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expectLoginPage(page);
  await settle(page);
  await visit(page, '/workbench');
  await expectLoginPage(page, '/workbench');
});

test('signing in from a redirect goes to the page asked for', async ({ page }) => {
  await visit(page, '/console');
  await expectLoginPage(page, '/console');
  await submitLogin(page, demoAdmin.email, demoAdmin.password);
  await expect(page).toHaveURL(pathIs('/console'));
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
});

test('the next parameter is honoured', async ({ page }) => {
  await signIn(page, { next: '/console' });
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
});
