// The app shell: navigation to every section, deep links and reloads, the
// not-found page and the backend status, with nothing logged to the console.
import { test, expect } from './fixtures';

const sections = [
  { label: 'Doors', path: '/doors' },
  { label: 'People', path: '/people' },
  { label: 'Schedules', path: '/schedules' },
  { label: 'Activity', path: '/activity' },
  { label: 'Settings', path: '/settings' },
  { label: 'Sign in', path: '/login' },
];

test('the start page opens Doors and shows the server as connected', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/doors$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Doors');
  await expect(page.getByRole('status')).toHaveText('Server connected');
  await expect(page).toHaveTitle('Doors · Latchkey');
});

test('the navigation reaches every section and marks the current one', async ({ page }) => {
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
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(label);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(label);
    await expect(page.getByRole('main')).toContainText(/ will be /);
  });
}

test('an unknown address shows the not-found page with a way back', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('main').getByRole('link', { name: 'Go to your doors' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Doors');
});

test('the shell says so when the server does not answer', async ({ page, allowConsole }) => {
  allowConsole('503'); // the browser reports the failed health request
  await page.route('**/api/v1/health', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto('/doors');
  await expect(page.getByRole('status')).toHaveText('Server unreachable, retrying');
});

test('the navigation fits the screen without horizontal scrolling', async ({ page }) => {
  await page.goto('/doors');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const { label } of sections) {
    const box = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).boundingBox();
    expect(box, `${label} link is visible`).not.toBeNull();
    expect(box!.height, `${label} link is a large enough touch target`).toBeGreaterThanOrEqual(44);
  }
});
