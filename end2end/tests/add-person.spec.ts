// Adding a person with a code on chosen doors, the PIN checked before saving,
// and changing a compromised PIN on every door in one step.
import { test, expect, resetDemo, sim } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

test('give a dog walker a code on two doors, weekdays at lunchtime', async ({ page }) => {
  await page.goto('/people');
  await page.getByRole('link', { name: 'Add a person' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Jo (dog walker)');
  await page.getByLabel('Who they are').selectOption({ label: 'Staff' });
  await page.getByLabel('Front door').check();
  await page.getByLabel('Back door').check();
  await page.getByRole('button', { name: 'Every week (weekdays 12:00–14:00)' }).click();
  await expect(page.locator('#schedule-summary')).toHaveText('Weekdays 12:00–14:00');
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page.getByRole('heading', { name: 'Jo (dog walker)' })).toBeVisible();
  await expect(page.getByText('Weekdays 12:00–14:00')).toBeVisible();
  const grid = page.getByRole('table', { name: 'Where each code stands on each door' });
  await expect(grid.getByRole('columnheader')).toHaveText(['Code', 'Back door', 'Front door']);
  await expect(grid.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(2, { timeout: 15_000 });
});

test('a duplicate PIN is refused before saving, naming the person and door', async ({ page, allowConsole }) => {
  allowConsole('409 (Conflict)'); // the live check's answer
  // PINs travel in request bodies only, never in an address (server logs keep those).
  const addresses: string[] = [];
  page.on('request', (request) => addresses.push(request.url()));
  await page.goto('/people/new');
  await page.getByLabel('Name', { exact: true }).fill('Neighbour');
  await page.getByLabel('Back door').check();
  await page.getByLabel('Choose a PIN').check();
  await page.getByLabel('PIN', { exact: true }).fill('1234');
  await expect(page.locator('#pin-error')).toHaveText('A PIN of digits in a row (like 1234 or 5432) is too easy to guess.');
  await page.getByLabel('PIN', { exact: true }).fill('4826');
  await expect(page.locator('#pin-error')).toHaveText('Sam (dog walker) already uses this PIN on Back door. Each person needs their own PIN.');
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page).toHaveURL(/\/people\/new$/);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Neighbour');
  const people = await (await page.request.get('/api/v1/people?q=neighbour')).json();
  expect(people.items).toHaveLength(0);
  expect(addresses.filter((url) => /1234|4826/.test(url))).toEqual([]);
  expect(addresses.some((url) => url.includes('/api/v1/codes/check'))).toBeTruthy();
});

test('a compromised PIN is replaced on every door in one step', async ({ page }) => {
  await page.goto('/people/person-maple-jordan');
  const grid = page.getByRole('table', { name: 'Where each code stands on each door' });
  await expect(grid.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(4);
  await page.getByRole('button', { name: "New PIN for Jordan's code" }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Make the new PIN' }).click();
  await expect(page.getByText("New PIN for Jordan's code is on screen until you hide it; it goes to every door now.")).toBeVisible();
  await expect(grid.getByRole('cell', { name: /Pending|Setting/ }).first()).toBeVisible();
  await expect(grid.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(3, { timeout: 15_000 });
  await expect(grid.getByRole('cell', { name: 'Pending' })).toHaveCount(1); // the Bluetooth side gate waits for a phone
});

test('a full door is named as soon as it is ticked, before saving', async ({ page }) => {
  const garage = await (await page.request.get('/api/v1/locks/lock-maple-garage')).json();
  const free = garage.capabilities.slots - garage.slots_used;
  for (let n = 0; n < free; n++) {
    await sim(page, 'locks/lock-maple-garage/unknown-codes', { pin: String(500000 + n * 7919) });
  }
  await page.goto('/people/new');
  await page.getByLabel('Name', { exact: true }).fill('Gardener');
  await expect(page.getByText('4–6 digits · full')).toBeVisible();
  await page.getByLabel('Front door').check();
  await page.getByLabel('Garage').check();
  const full = `Garage is full (${garage.capabilities.slots} of ${garage.capabilities.slots} codes). Remove a code from it, or leave it out.`;
  await expect(page.locator('#doors-error')).toHaveText(full);
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page).toHaveURL(/\/people\/new$/);
  await page.getByLabel('Garage').uncheck();
  await expect(page.locator('#doors-error')).toHaveText('');
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page.getByRole('heading', { name: 'Gardener' })).toBeVisible();
});
