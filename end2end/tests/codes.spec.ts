// Codes after the first: each family member gets a code, a child gets a second
// one, a code's doors and hours change in one save, a stale save is caught, a
// code found on a lock is given to its person, and the site grid shows it all.
import { test, expect, expectAccessible, resetDemo, setSimClock, sim, API_HEADERS } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

/** The (code, door) states of a person, from the API. */
async function syncOf(page: import('@playwright/test').Page, person: string) {
  return (await (await page.request.get(`/api/v1/people/${person}/sync`)).json()) as { lock_id: string; status: string }[];
}

test('give each family member a code on every door', async ({ page }) => {
  const family = ['Grandma Jo', 'Uncle Ray', 'Cousin Ana'];
  for (const name of family) {
    await page.goto('/people/new');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Who they are').selectOption({ label: 'Family' });
    await page.getByLabel('All doors of Maple Street').check();
    await page.getByRole('button', { name: 'Add person and code' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Where each code stands on each door' }).getByRole('columnheader')).toHaveText(['Code', 'Back door', 'Front door', 'Garage', 'Side gate']);
    await expect(page.getByRole('table', { name: 'Where each code stands on each door' }).getByText(`${name}'s code`)).toBeVisible();
  }
  // The site grid has a row for each, and each code reaches the three radio
  // doors while the Bluetooth gate waits for a phone.
  await page.goto('/people/grid?q=' + encodeURIComponent('Grandma'));
  const row = page.getByRole('row', { name: /Grandma Jo/ });
  await expect(row.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(3, { timeout: 15_000 });
  await expect(row.getByRole('cell', { name: 'Pending', exact: true })).toHaveCount(1);
  await page.getByLabel('Search people or codes').fill('');
  for (const name of family) {
    await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(1);
  }
  // Every generated PIN is different.
  const pins = new Set<string>();
  const people = (await (await page.request.get('/api/v1/people?kind=family')).json()).items;
  for (const person of people.filter((p: { name: string }) => family.includes(p.name))) {
    const codes = await (await page.request.get(`/api/v1/people/${person.id}/codes`)).json();
    const revealed = await (await page.request.post(`/api/v1/codes/${codes[0].id}/reveal`, { headers: API_HEADERS })).json();
    pins.add(revealed.pin);
  }
  expect(pins.size).toBe(3);
});

test('a child gets a second code for after school', async ({ page }) => {
  await page.goto('/people/person-maple-leo');
  await page.getByRole('link', { name: 'Add another code' }).click();
  await expect(page.getByRole('heading', { name: 'Add a code for Leo Rivera' })).toBeVisible();
  await page.getByLabel('Code name (optional)').fill('After school');
  await page.getByLabel('Front door').check();
  await page.getByRole('button', { name: 'Every week (weekdays 12:00–14:00)' }).click();
  await page.getByLabel('From', { exact: true }).fill('15:00');
  await page.getByLabel('Until', { exact: true }).fill('18:00');
  await expect(page.locator('#schedule-summary')).toHaveText('Weekdays 15:00–18:00');
  await page.getByRole('button', { name: 'Add code' }).click();
  await expect(page.getByRole('heading', { name: 'Leo Rivera' })).toBeVisible();
  const grid = page.getByRole('table', { name: 'Where each code stands on each door' });
  await expect(grid.getByRole('rowheader')).toHaveCount(2);
  await expect(grid.getByRole('rowheader', { name: /After school/ })).toContainText('Weekdays 15:00–18:00');
});

test("the dog walker's doors and hours change in one save, same code", async ({ page }) => {
  await page.goto('/people/person-maple-sam');
  await page.getByRole('link', { name: 'Change Dog walks' }).click();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('12:00');
  await expect(page.getByLabel('Keep the current PIN')).toBeChecked();
  await page.getByLabel('Back door').uncheck();
  await page.getByLabel('Garage').check();
  await page.getByLabel('From', { exact: true }).fill('11:00');
  await page.getByLabel('Until', { exact: true }).fill('13:00');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Sam (dog walker)' })).toBeVisible();
  await expect(page.getByText('Weekdays 11:00–13:00')).toBeVisible();
  const grid = page.getByRole('table', { name: 'Where each code stands on each door' });
  // The back door gives the code up, then leaves the grid; the garage gets it.
  await expect(grid.getByRole('columnheader')).toHaveText(['Code', 'Front door', 'Garage'], { timeout: 15_000 });
  await expect(grid.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(2, { timeout: 15_000 });
  const code = await (await page.request.get('/api/v1/codes/code-maple-sam')).json();
  expect([...code.doors].sort()).toEqual(['lock-maple-front', 'lock-maple-garage']);
  // The PIN stayed: it opens the garage at 11:30 on a weekday, not the back door.
  await setSimClock({ mode: 'fixed', at: '2026-11-24T16:30:00Z' });
  const garage = await sim(page, 'locks/lock-maple-garage/keypad', { pin: '4826' });
  expect(garage, JSON.stringify(garage)).toMatchObject({ opened: true });
  expect((await sim(page, 'locks/lock-maple-back/keypad', { pin: '4826' })).opened).toBe(false);
  await setSimClock({ mode: 'real' });
});

test('a stale save is refused, keeps what was typed, and can be applied on top', async ({ page, allowConsole }) => {
  allowConsole('412 (Precondition Failed)');
  await page.goto('/people/person-maple-rosa/codes/code-maple-rosa');
  await page.getByLabel('Code name (optional)').fill('Cleaning (Fridays)');
  // Meanwhile someone else changes the code.
  const current = await page.request.get('/api/v1/codes/code-maple-rosa');
  const other = await page.request.patch('/api/v1/codes/code-maple-rosa', {
    data: { doors: ['lock-maple-front', 'lock-maple-back'] },
    headers: { ...API_HEADERS, 'If-Match': current.headers()['etag'] },
  });
  expect(other.status()).toBe(200);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Someone changed this meanwhile' })).toBeVisible();
  await expect(page.getByLabel('Code name (optional)')).toHaveValue('Cleaning (Fridays)');
  await expectAccessible(page, 'with the stale save refused');
  await page.getByRole('button', { name: 'Load their change, keep mine' }).click();
  await expect(page.getByText('Their change is loaded.')).toBeVisible();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Rosa (cleaner)' })).toBeVisible();
  const code = await (await page.request.get('/api/v1/codes/code-maple-rosa')).json();
  expect(code.name).toBe('Cleaning (Fridays)');
  // Their door choice was not undone by the form's older copy.
  expect(code.doors).toContain('lock-maple-back');
});

test('a code is removed from every door after confirming', async ({ page }) => {
  await page.goto('/people/person-maple-pat/codes/code-maple-pat');
  await page.getByRole('button', { name: 'Remove this code' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await expectAccessible(page, 'asking to confirm the removal');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('heading', { name: "Pat's Plumbing" })).toBeVisible();
  await expect(page.getByText('No codes yet.')).toBeVisible();
  const events = await (await page.request.get('/api/v1/events?kind=code_deleted')).json();
  expect(events.items[0].code_id).toBe('code-maple-pat');
});

test('a code found on the lock is given to its person', async ({ page }) => {
  await page.goto('/doors/lock-maple-back');
  const found = page.locator('.found-code').first();
  await expect(found).toContainText('Slot');
  await found.getByRole('button', { name: 'Give to a person' }).click();
  await found.getByLabel(/Whose code is slot/).selectOption({ label: 'Jordan Rivera' });
  await found.getByLabel('Code name').fill('Old keypad code');
  await found.getByRole('button', { name: 'Give the code' }).click();
  await expect(page.locator('.found-code')).toHaveCount(0);
  await page.goto('/people/person-maple-jordan');
  const row = page.getByRole('table', { name: 'Where each code stands on each door' }).getByRole('rowheader', { name: /Old keypad code/ });
  await expect(row).toBeVisible();
  const jordan = await syncOf(page, 'person-maple-jordan');
  expect(jordan.some((s) => s.lock_id === 'lock-maple-back' && s.status === 'set')).toBe(true);
});

test('the site grid shows the main code and pages through doors', async ({ page }) => {
  await signInAsManager(page);
  await page.goto('/people/grid?site=site-maple');
  await expect(page.getByRole('row', { name: /Alex Rivera/ })).toContainText('Main code');
  await page.getByLabel('Site').selectOption({ label: 'Harbor View Apartments' });
  await expect(page).toHaveURL(/site=site-harbor/);
  await expect(page.getByRole('navigation', { name: 'Doors shown' })).toBeVisible();
  const firstDoors = await page.getByRole('columnheader').allTextContents();
  await page.getByRole('button', { name: 'More doors →' }).click();
  await expect(page.getByRole('columnheader').nth(1)).not.toHaveText(firstDoors[1]);
  await expect(page.getByRole('columnheader')).toHaveCount(13);
});

async function signInAsManager(page: import('@playwright/test').Page) {
  const response = await page.request.post('/api/v1/session', { headers: API_HEADERS, data: { username: 'morgan', password: 'harbor-view' } });
  expect(response.status()).toBe(200);
}
