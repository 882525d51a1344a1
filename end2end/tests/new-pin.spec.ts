// "New PIN" keeps the code's length (or offers the site's lengths), asks
// before replacing a PIN that works today, and shows the new PIN once where
// the site allows reveal; "Generate a PIN" lets you choose the length too. A
// save stopped by a problem moves to it and says so beside the button.
import { test, expect, resetDemo, sim } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

const grid = (page: import('@playwright/test').Page) => page.getByRole('table', { name: 'Where each code stands on each door' });

test('a new PIN for a 6-digit code asks first, keeps 6 digits and is shown once', async ({ page }) => {
  await page.goto('/people/person-maple-mia');
  const row = grid(page).getByRole('row').filter({ hasText: 'After school' });
  await row.getByRole('button', { name: 'New PIN for After school' }).click();
  const ask = page.getByRole('alertdialog', { name: /Give After school a new PIN\?/ });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('radio', { name: '6 digits' })).toBeChecked();
  await expect(ask.getByRole('radio', { name: '4 digits' })).not.toBeChecked();
  await ask.getByRole('button', { name: 'Make the new PIN' }).click();
  await expect(page.getByText('New PIN for After school is on screen until you hide it; it goes to every door now.')).toBeVisible();
  const pin = row.getByLabel('PIN', { exact: true });
  await expect(pin).toHaveText(/^\d{6}$/);
  expect(await pin.textContent()).not.toBe('730518');
  await row.getByRole('button', { name: 'Hide' }).click();
  await expect(pin).toHaveText('••••••');
});

test('a new PIN of another length can be chosen, and Cancel changes nothing', async ({ page }) => {
  await page.goto('/people/person-maple-jordan');
  const row = grid(page).getByRole('row').filter({ hasText: "Jordan's code" });
  await row.getByRole('button', { name: "New PIN for Jordan's code" }).click();
  const ask = page.getByRole('alertdialog', { name: /Give Jordan's code a new PIN\?/ });
  await expect(ask).toContainText('Its PIN works today');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(row.getByLabel('PIN', { exact: true })).toHaveText('••••');
  await row.getByRole('button', { name: "New PIN for Jordan's code" }).click();
  await ask.getByRole('radio', { name: '6 digits' }).check();
  await ask.getByRole('button', { name: 'Make the new PIN' }).click();
  await expect(row.getByLabel('PIN', { exact: true })).toHaveText(/^\d{6}$/);
  // Each door takes it in turn; the Bluetooth side gate says what it waits for.
  await expect(row.getByRole('cell', { name: /Pending/ }).filter({ hasText: 'Waits for a phone near Side gate (Bluetooth).' })).toBeVisible({ timeout: 15_000 });
});

test('generating a PIN in the code form offers the lengths the doors take', async ({ page }) => {
  await page.goto('/people/new');
  await page.getByLabel('Name', { exact: true }).fill('Babysitter');
  await page.getByLabel('Front door').check();
  const lengths = page.getByRole('radiogroup', { name: 'Length of the PIN' });
  await expect(lengths.getByRole('radio', { name: '4 digits' })).toBeChecked();
  await lengths.getByRole('radio', { name: '6 digits' }).check();
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page.getByRole('heading', { name: 'Babysitter' })).toBeVisible();
  await expect(grid(page).getByLabel('PIN', { exact: true })).toHaveText('••••••');
});

test('a save stopped by a duplicate PIN moves to the PIN and says why beside the button', async ({ page, allowConsole }) => {
  allowConsole('409 (Conflict)'); // the live check's answer
  await page.goto('/people/new');
  await page.getByLabel('Name', { exact: true }).fill('Neighbour');
  await page.getByLabel('Back door').check();
  await page.getByLabel('Choose a PIN').check();
  await page.getByLabel('PIN', { exact: true }).fill('4826');
  const taken = 'Sam (dog walker) already uses this PIN on Back door. Each person needs their own PIN.';
  await expect(page.locator('#pin-error')).toHaveText(taken);
  await page.getByRole('button', { name: 'Add person and code' }).focus();
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page.getByLabel('PIN', { exact: true })).toBeFocused();
  await expect(page.locator('.save-blocked')).toHaveText(`Not saved yet: ${taken}`);
  await expect(page.getByLabel('PIN', { exact: true })).toBeInViewport();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Neighbour');
});

test('a one-time code that was used says so', async ({ page }) => {
  expect((await sim(page, 'locks/lock-maple-garage/keypad', { pin: '8642' })).opened).toBe(true);
  await page.goto('/people/person-maple-parcel');
  await expect(grid(page).getByRole('row').filter({ hasText: 'Parcel drop-off' }).getByText('Used', { exact: true })).toBeVisible();
});
