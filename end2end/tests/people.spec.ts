// People: the list with its filters, a person's codes × doors grid with live
// sync state, pause and resume at the keypad, and reveal.
import { test, expect, expectAccessible, resetDemo, sim, API_HEADERS } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

test('the list searches and filters, kept in the URL', async ({ page }) => {
  await page.goto('/people');
  await expect(page.getByRole('link', { name: 'Sam (dog walker)' })).toBeVisible();
  await page.getByLabel('Kind').selectOption({ label: 'Staff' });
  await expect(page).toHaveURL(/kind=staff/);
  await expect(page.locator('.person-card')).toHaveCount(2);
  await page.reload();
  await expect(page.locator('.person-card')).toHaveCount(2);
  await page.getByLabel('Search people').fill('rosa');
  await expect(page.locator('.person-card')).toHaveCount(1);
});

test('a paused person is refused at the keypad and gets back in after resume', async ({ page }) => {
  await page.goto('/people/person-maple-leo');
  await expect(page.getByRole('heading', { name: 'Leo Rivera' })).toBeVisible();
  await page.getByRole('button', { name: 'Pause access everywhere' }).click();
  await expect(page.locator('.door-title + p .chip-status-paused')).toHaveText('Paused');
  // The locks drop the codes at radio speed; then the keypad refuses, and the server says why.
  const dropped = async () => {
    const states = await (await page.request.get('/api/v1/people/person-maple-leo/sync')).json();
    return states.length;
  };
  await expect.poll(dropped, { timeout: 15_000 }).toBe(0);
  const refused = await sim(page, 'locks/lock-maple-front/keypad', { pin: '6194' });
  expect(refused.reason).toBe('paused');
  await page.getByRole('button', { name: 'Resume access' }).click();
  await expect(page.locator('.door-title + p .chip-status-active')).toHaveText('Active');
  // The locks get the codes back at radio speed; the grid follows live.
  const synced = async () => {
    const states = await (await page.request.get('/api/v1/people/person-maple-leo/sync')).json();
    return states.length === 2 && states.every((s: { status: string }) => s.status === 'set');
  };
  await expect.poll(synced, { timeout: 15_000 }).toBe(true);
  const grid = page.getByRole('table', { name: 'Where each code stands on each door' });
  await expect(grid.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(2);
  const opened = await sim(page, 'locks/lock-maple-front/keypad', { pin: '6194' });
  expect(opened.opened).toBe(true);
});

test('the Bluetooth gate stays pending until a phone is in range', async ({ page }) => {
  // Changing Jordan's PIN sends it to all four doors again.
  const code = await page.request.get('/api/v1/codes/code-maple-jordan');
  const etag = code.headers()['etag'];
  const change = await page.request.patch('/api/v1/codes/code-maple-jordan', {
    data: { pin: { choice: 'generate', length: 6 } },
    headers: { ...API_HEADERS, 'If-Match': etag },
  });
  expect(change.status()).toBe(200);
  await page.goto('/people/person-maple-jordan');
  const grid = page.getByRole('table', { name: 'Where each code stands on each door' });
  await expect(grid.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(3, { timeout: 15_000 });
  await expect(grid.getByRole('cell', { name: 'Pending' })).toHaveCount(1);
  await sim(page, 'locks/lock-maple-gate/phone', { on: true });
  await expect(grid.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(4, { timeout: 15_000 });
});

test('revealing a PIN is recorded, and an unrevealed PIN never appears', async ({ page }) => {
  await page.goto('/people/person-maple-sam');
  await expect(page.getByRole('heading', { name: 'Sam (dog walker)' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('4826');
  await page.getByRole('button', { name: 'Reveal PIN' }).click();
  await expect(page.locator('.code-pin')).toHaveText('4826');
  // While it is shown, it can be handed to this device's messages or e-mail app.
  const text = page.getByRole('link', { name: 'Text from this device' });
  await expect(text).toHaveAttribute('href', /^sms:\+15550140\?&body=Hi%20Sam%2C%20your%20code%20for%20Front%20door%20and%20Back%20door%20is%204826\.%20When%20it%20works%3A%20Weekdays%2012%3A00/);
  await expect(page.getByRole('link', { name: 'E-mail from this device' })).toHaveAttribute('href', /^mailto:\?subject=Your%20door%20code&body=.*4826/);
  const events = await (await page.request.get('/api/v1/events?kind=code_revealed')).json();
  expect(events.items[0].code_id).toBe('code-maple-sam');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy PIN' }).click();
  await expect(page.getByText('PIN copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('4826');
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(page.locator('body')).not.toContainText('4826');
  await expect(text).toHaveCount(0);
  expect(await page.content()).not.toContain('4826');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
  expect(stored).not.toContain('4826');
  await page.getByRole('button', { name: 'Send by SMS' }).click();
  await expect(page.getByText('Sent to +1 555 0140.')).toBeVisible();
});

test('two people change the same person: the later save is told, keeps its typing, and applies on top', async ({ page, allowConsole }) => {
  allowConsole('412 (Precondition Failed)');
  allowConsole('422 (Unprocessable Entity)');
  const other = await page.context().newPage();
  await page.goto('/people/person-maple-rosa');
  await page.getByRole('link', { name: 'Change details' }).click();
  await expect(page).toHaveURL(/\/people\/person-maple-rosa\/edit$/);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Rosa (cleaner)');
  await other.goto('/people/person-maple-rosa/edit');
  await expect(other.getByLabel('Name', { exact: true })).toHaveValue('Rosa (cleaner)');

  // This editor renames her, with a bad e-mail first.
  await page.getByLabel('Name', { exact: true }).fill('Rosa Díaz (cleaner)');
  await page.getByLabel('E-mail (optional)').fill('rosa-at-example');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#email-error')).toHaveText('Enter an e-mail address like name@example.com.');
  await expect(page.getByLabel('E-mail (optional)')).toHaveAttribute('aria-invalid', 'true');

  // Meanwhile the other editor saves a phone number.
  await other.getByLabel('Phone (optional)').fill('+1 555 0100');
  await other.getByRole('button', { name: 'Save changes' }).click();
  await expect(other.getByRole('heading', { name: 'Rosa (cleaner)' })).toBeVisible();
  await expect(other.getByText('+1 555 0100')).toBeVisible();
  await other.close();

  // This editor's corrected save comes from the older copy.
  await page.getByLabel('E-mail (optional)').fill('rosa@example.com');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Someone changed this meanwhile' });
  await expect(conflict).toBeVisible();
  // Its action keeps what was typed; nothing tells the editor to reload the page (which would lose it).
  await expect(conflict).toContainText('what you typed here stays');
  await expect(conflict).not.toContainText('Reload');
  await expect(conflict.getByRole('button', { name: 'Load their change, keep mine' })).toBeVisible();
  await expect(page.locator('.save-blocked')).toHaveText('');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Rosa Díaz (cleaner)');
  await expect(page.getByLabel('Phone (optional)')).toHaveValue('+1 555 0150'); // her number as loaded
  await expectAccessible(page, 'with the conflict shown');
  await page.getByRole('button', { name: 'Load their change, keep mine' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Their change is loaded (the phone).' })).toBeVisible();
  await expect(page.getByLabel('Phone (optional)')).toHaveValue('+1 555 0100');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Rosa Díaz (cleaner)');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Rosa Díaz (cleaner)' })).toBeVisible();

  // Both changes are saved: neither overwrote the other.
  const rosa = await (await page.request.get('/api/v1/people/person-maple-rosa')).json();
  expect(rosa).toMatchObject({ name: 'Rosa Díaz (cleaner)', phone: '+1 555 0100', email: 'rosa@example.com' });
});
