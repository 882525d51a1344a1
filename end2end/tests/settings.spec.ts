// Settings: testing the backend connection, and changing a site's code policy
// with errors shown and nothing lost.
import { test, expect, resetDemo } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

test('the connection test reports the backend that answers', async ({ page, allowConsole }) => {
  allowConsole('ERR_CONNECTION_REFUSED');
  allowConsole('Failed to load resource');
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('#backend-result')).toContainText('Connected: latchkey-mock-server');
  await page.getByLabel('Backend address').fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('#backend-result')).toContainText('Nothing answers at http://127.0.0.1:9');
  await expect(page.getByLabel('Backend address')).toHaveValue('http://127.0.0.1:9');
});

test('a site policy can be changed, and a bad value is explained', async ({ page, allowConsole }) => {
  allowConsole('422 (Unprocessable Entity)');
  await page.goto('/settings');
  const form = page.getByRole('form', { name: 'Code policy for Maple Street' });
  await form.getByLabel('4 digits').uncheck();
  await form.getByLabel('6 digits').uncheck();
  await form.getByRole('button', { name: 'Save policy for Maple Street' }).click();
  await expect(form.getByRole('alert')).toHaveText('Allow at least one PIN length.');
  await form.getByLabel('6 digits').check();
  await form.getByLabel('Lockout (seconds)').fill('45');
  await form.getByRole('button', { name: 'Save policy for Maple Street' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();
  await page.reload();
  const again = page.getByRole('form', { name: 'Code policy for Maple Street' });
  await expect(again.getByLabel('6 digits')).toBeChecked();
  await expect(again.getByLabel('4 digits')).not.toBeChecked();
  await expect(again.getByLabel('Lockout (seconds)')).toHaveValue('45');
});
