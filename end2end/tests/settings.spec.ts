import type { Page } from '@playwright/test';
import { demoAdmin, expect, pathIs, signIn, test, visit } from './helpers';

/** Opens the console's Settings page from the console menu. */
async function openSettings(page: Page): Promise<void> {
  await visit(page, '/console');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(pathIs('/console/settings'));
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

/** Sets the waiting thresholds and saves them. */
async function saveThresholds(page: Page, soon: string, overdue: string): Promise<void> {
  await page.getByLabel('Soon after (minutes)').fill(soon);
  await page.getByLabel('Overdue after (minutes)').fill(overdue);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}

test('an admin changes the waiting thresholds and they are kept', async ({ page, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/chat_settings', 422);
  await signIn(page);
  await openSettings(page);
  const soon = page.getByLabel('Soon after (minutes)');
  const overdue = page.getByLabel('Overdue after (minutes)');
  const before = { soon: await soon.inputValue(), overdue: await overdue.inputValue() };
  await expect(page.getByLabel('Auto-close after (hours)')).toHaveValue(/^\d+$/);
  await expect(page.getByLabel('Default conversation limit')).toHaveValue(/^\d+$/);

  // "Overdue" before "soon" is refused next to the overdue field.
  await saveThresholds(page, '9', '4');
  await expect(page.getByText('Enter a whole number from 10 to 1440.')).toBeVisible();
  await expect(overdue).toHaveAttribute('aria-invalid', 'true');

  await saveThresholds(page, '4', '9');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(page.getByText('Enter a whole number from 10 to 1440.')).toBeHidden();

  await visit(page, '/console/settings');
  await expect(soon).toHaveValue('4');
  await expect(overdue).toHaveValue('9');

  // Leave the server as the other tests expect it.
  await saveThresholds(page, before.soon, before.overdue);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});

test('an admin creates a team, routes it by offering and adds themselves', async ({ page, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/create_team', 422);
  const name = `Night shift ${Date.now()}`;
  await signIn(page);
  await openSettings(page);
  const support = page.getByRole('region', { name: /^Support/ });
  await expect(support.getByRole('checkbox', { name: `${demoAdmin.displayName} in Support` })).toBeChecked();

  // A name in use is refused.
  await page.getByLabel('Team name').fill('support');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByText('A team with this name already exists.')).toBeVisible();

  await page.getByLabel('Team name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const team = page.getByRole('region', { name });
  await expect(team).toBeVisible();
  await expect(page.getByLabel('Team name')).toHaveValue('');
  const member = team.getByRole('checkbox', { name: `${demoAdmin.displayName} in ${name}` });
  await expect(member).not.toBeChecked();
  const joined = page.waitForResponse((response) => response.url().endsWith('/api/team_member'));
  await member.check();
  expect((await joined).status()).toBe(200);
  await expect(member).toBeChecked();
  const routing = page.getByLabel(`Routing of ${name}`);
  await expect(routing).toHaveValue('auto');
  const routed = page.waitForResponse((response) => response.url().endsWith('/api/team_routing'));
  await routing.selectOption('grab');
  expect((await routed).status()).toBe(200);
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);

  // Both changes were stored.
  await visit(page, '/console/settings');
  await expect(page.getByRole('region', { name }).getByRole('checkbox', { name: `${demoAdmin.displayName} in ${name}` })).toBeChecked();
  await expect(page.getByLabel(`Routing of ${name}`)).toHaveValue('grab');
  await expect(page.getByLabel('Routing of Support')).toHaveValue('auto');
});
