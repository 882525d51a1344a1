// Security as a user meets it: a session that ends mid-use, the log-in rate limit,
// and the headers the app is served with (every test here and elsewhere fails on
// any console message, so a Content-Security-Policy violation fails the suite).
import { test, expect, signIn, API_HEADERS } from './fixtures';

test('the app is served with a strict Content-Security-Policy and the other security headers', async ({ page }) => {
  await signIn(page);
  const response = await page.goto('/doors');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  // The app still works under it: doors listed, the on-demand pages load.
  await expect(page.getByRole('article').first()).toBeVisible();
  await page.getByRole('link', { name: 'Schedules' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schedules');
});

test('a session that ends mid-use leads to sign-in, says why, and comes back', async ({ page, allowConsole }) => {
  allowConsole('401 (Unauthorized)'); // the request that finds the session gone
  await signIn(page);
  await page.goto('/doors');
  await expect(page.getByRole('article').first()).toBeVisible();
  // The session ends elsewhere (signed out on another device, or expired).
  const ended = await page.request.delete('/api/v1/session', { headers: API_HEADERS });
  expect(ended.status()).toBe(204);
  await page.getByRole('link', { name: 'People' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fpeople$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended' })).toBeVisible();
  await page.getByLabel('User name').fill('alex');
  await page.getByLabel('Password').fill('maple-street');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/people$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('People');
});

test('after five wrong passwords the user name is refused for a while, saying when to try again', async ({ page, allowConsole }) => {
  allowConsole('401 (Unauthorized)');
  allowConsole('429 (Too Many Requests)');
  await page.goto('/login');
  // A name of its own, so the other tests' accounts are not locked.
  const username = `guesser-${test.info().project.name}-${Date.now()}`;
  await page.getByLabel('User name').fill(username);
  const submit = async (password: string) => {
    await page.getByLabel('Password').fill(password);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign in' }).click();
    return (await answered).status();
  };
  for (let i = 0; i < 5; i++) {
    expect(await submit(`guess ${i}`)).toBe(401);
    await expect(page.locator('#password-error')).toHaveText('The user name or password is wrong.');
  }
  expect(await submit('one more guess')).toBe(429);
  await expect(page.locator('#password-error')).toHaveText(
    'Too many wrong passwords for this user name. Try again in 15 minutes.',
  );
  await expect(page.getByLabel('User name')).toHaveValue(username);
  await expect(page).toHaveURL(/\/login$/);
});

test('a name written as markup shows as text, never as markup', async ({ page }) => {
  await signIn(page);
  const name = '<img src=x onerror="window.__pwned = 1"><b>Bold</b> & co';
  const created = await page.request.post('/api/v1/sites/site-maple/people', {
    headers: { ...API_HEADERS, 'Idempotency-Key': `markup-${test.info().project.name}-${Date.now()}` },
    data: { name, kind: 'guest' },
  });
  expect(created.status()).toBe(201);
  const person = await created.json();
  await page.goto('/people');
  await expect(page.getByRole('link', { name })).toBeVisible();
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.locator('main img, main b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await page.request.delete(`/api/v1/people/${person.id}`, { headers: API_HEADERS });
});

test('a name with invisible or direction-changing characters is refused at the field, keeping what was typed', async ({ page }) => {
  await signIn(page);
  await page.goto('/people/new');
  // "Alex" with a right-to-left override: it would show as another name.
  const spoof = 'Ale\u202Ex Rivera';
  await page.getByLabel('Name', { exact: true }).fill(spoof);
  await page.getByLabel('Front door').check();
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page.locator('#name-error')).toHaveText('A name cannot contain characters that change the direction of the text (such as a right-to-left override).');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(spoof);
  await page.getByLabel('Name', { exact: true }).fill('Ale\u200Bx');
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page.locator('#name-error')).toHaveText('A name cannot contain invisible characters (such as a zero-width space).');
  await expect(page).toHaveURL(/\/people\/new$/);
});
