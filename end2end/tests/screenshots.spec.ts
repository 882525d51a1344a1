// Saves a full-page screenshot of every page at every viewport as test output
// (target/e2e-results/…), so people can look at what the app looks like.
import { test, expect } from './fixtures';

const pages = ['/doors', '/people', '/schedules', '/activity', '/settings', '/login', '/no-such-page'];

for (const path of pages) {
  test(`screenshot of ${path}`, async ({ page }, testInfo) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Server connected');
    const name = path.slice(1).replaceAll('/', '-');
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  });
}
