// A manager can act on problems: each fact on a site card names its doors and
// opens the door list filtered to them; the list filters by problem (low battery,
// offline, keypad locked out…) and puts problems first when asked.
import { test, expect, expectAccessible, resetDemo, sim } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

const doorNames = (page: import('@playwright/test').Page) => page.locator('.door-card .door-card-name');

test('a fact on the site card names its doors and opens the list of them', async ({ page }) => {
  await sim(page, 'locks/lock-maple-garage/online', { on: false });
  await page.goto('/doors');
  const maple = page.getByRole('article', { name: 'Maple Street' });
  await maple.getByRole('link', { name: 'Garage: offline' }).click();
  await expect(page).toHaveURL(/\/doors\?site=site-maple&problem=offline$/);
  await expect(page.getByLabel('Problem')).toHaveValue('offline');
  await expect(doorNames(page)).toHaveText(['Garage']);
  await expectAccessible(page, 'with the offline doors listed');

  await maple.getByRole('link', { name: 'Side gate: low battery' }).click();
  await expect(page).toHaveURL(/problem=low_battery/);
  await expect(page.getByLabel('Problem')).toHaveValue('low_battery');
  await expect(doorNames(page)).toHaveText(['Side gate']);
});

test('the door list finds keypad lockouts and puts problems first when asked', async ({ page }) => {
  for (let i = 0; i < 5; i++) await sim(page, 'locks/lock-maple-back/keypad', { pin: '0000' });
  await page.goto('/doors?site=site-maple');
  await expect(doorNames(page)).toHaveText(['Back door', 'Front door', 'Garage', 'Side gate']);
  await page.getByLabel('Problem').selectOption({ label: 'Keypad locked out' });
  await expect(page).toHaveURL(/problem=keypad_locked_out/);
  await expect(doorNames(page)).toHaveText(['Back door']);
  await page.getByLabel('Problem').selectOption({ label: 'Any problem' });
  await expect(doorNames(page)).toHaveText(['Back door', 'Side gate']);
  await page.getByLabel('Problem').selectOption({ label: 'Any door' });
  await page.getByLabel('Order').selectOption({ label: 'Problems first' });
  await expect(page).toHaveURL(/sort=problems/);
  // Keypad locked out, then low battery, then the doors with no problem by name.
  await expect(doorNames(page)).toHaveText(['Back door', 'Side gate', 'Front door', 'Garage']);
  await page.reload();
  await expect(page.getByLabel('Order')).toHaveValue('problems');
  await expect(doorNames(page)).toHaveText(['Back door', 'Side gate', 'Front door', 'Garage']);
  await expectAccessible(page, 'with problems first');
});
