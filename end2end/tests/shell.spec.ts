// The app shell: sign-in, navigation to every section, deep links and reloads,
// the not-found page and the backend status, with nothing logged to the console.
import { test, expect, signIn } from './fixtures';

const sections = [
  { label: 'Doors', path: '/doors' },
  { label: 'People', path: '/people' },
  { label: 'Schedules', path: '/schedules' },
  { label: 'Activity', path: '/activity' },
  { label: 'Settings', path: '/settings' },
];

test('signed out, a deep link leads to sign-in and back', async ({ page, allowConsole }) => {
  allowConsole('401 (Unauthorized)'); // the session check and the wrong password, as expected
  await page.goto('/doors?q=gate');
  await expect(page).toHaveURL(/\/login\?next=%2Fdoors%3Fq%3Dgate$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await page.getByLabel('User name').fill('alex');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#password-error')).toHaveText('The user name or password is wrong.');
  await expect(page.getByLabel('User name')).toHaveValue('alex');
  await page.getByLabel('Password').fill('maple-street');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/doors\?q=gate$/);
  await expect(page.getByRole('link', { name: 'Alex Rivera' })).toBeVisible();
});

test('the start page opens Doors and shows the server as connected and live', async ({ page }) => {
  await signIn(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/doors$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Doors');
  await expect(page.getByRole('status', { name: 'Server connected' })).toBeVisible();
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  await expect(page).toHaveTitle('Doors · Latchkey');
});

test('the navigation reaches every section and marks the current one', async ({ page }) => {
  await signIn(page);
  await page.goto('/doors');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const { label, path } of [...sections.slice(1), sections[0]]) {
    await nav.getByRole('link', { name: label }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(label);
    await expect(nav.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
  }
});

for (const { label, path } of sections) {
  test(`${path} loads by deep link and survives a reload`, async ({ page }) => {
    await signIn(page);
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(label);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(label);
  });
}

test('an unknown address shows the not-found page with a way back', async ({ page }) => {
  await signIn(page);
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('main').getByRole('link', { name: 'Go to your doors' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Doors');
});

test('the shell says so when the server does not answer', async ({ page, allowConsole }) => {
  allowConsole('503'); // the browser reports the failed health request
  allowConsole('401 (Unauthorized)'); // the session check while signed out
  await page.route('**/api/v1/health', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto('/login');
  await expect(page.getByRole('status', { name: 'Server unreachable, retrying' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'The Latchkey server is not answering.' })).toBeVisible();
});

test('the navigation fits the screen without horizontal scrolling', async ({ page }) => {
  await signIn(page);
  await page.goto('/doors');
  await expect(page.getByRole('heading', { name: 'All doors' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const { label } of sections) {
    const box = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).boundingBox();
    expect(box, `${label} link is visible`).not.toBeNull();
    expect(box!.height, `${label} link is a large enough touch target`).toBeGreaterThanOrEqual(44);
  }
});

test('the app can be installed on a home screen: a manifest with its icons', async ({ page }) => {
  await signIn(page);
  await page.goto('/doors');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const answer = await page.request.get(href!);
  expect(answer.ok()).toBeTruthy();
  expect(answer.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await answer.json();
  expect(manifest).toMatchObject({ name: 'Latchkey', start_url: '/doors', display: 'standalone' });
  // What Chromium needs to offer installing: a 192 and a 512 px icon, and a maskable one.
  const icons: { src: string; sizes: string; type: string; purpose: string }[] = manifest.icons;
  for (const [sizes, purpose] of [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]) {
    const icon = icons.find((i) => i.sizes === sizes && i.purpose === purpose);
    expect(icon, `${sizes} ${purpose} icon`).toBeDefined();
    const image = await page.request.get(icon!.src);
    expect(image.headers()['content-type']).toBe('image/png');
    const size = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return `${img.naturalWidth}x${img.naturalHeight}`;
    }, icon!.src);
    expect(size).toBe(sizes);
  }
  // And Chromium itself finds nothing missing for installing it (but the test
  // browser's private window, where nothing can be installed).
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
  const touchIcon = await page.request.get((await page.locator('link[rel="apple-touch-icon"]').getAttribute('href'))!);
  expect(touchIcon.headers()['content-type']).toBe('image/png');
});
