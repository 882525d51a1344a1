// Saves a full-page screenshot of every page at every viewport as test output
// (target/e2e-results/…), so people can look at what the app looks like.
import { test, expect, signIn } from './fixtures';

const pages = ['/doors', '/doors/lock-maple-front', '/doors/lock-maple-back', '/people', '/people/grid', '/people/person-maple-mia', '/people/person-maple-mia/edit', '/people/new', '/people/person-maple-leo/codes/new', '/people/person-maple-sam/codes/code-maple-sam', '/schedules', '/schedules?door=lock-maple-front', '/activity', '/alerts', '/settings', '/login', '/no-such-page'];

for (const path of pages) {
  test(`screenshot of ${path}`, async ({ page }, testInfo) => {
    await signIn(page);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Server connected' })).toBeVisible();
    await page.waitForLoadState('networkidle').catch(() => {});
    const name = path.slice(1).replaceAll('/', '-').replaceAll('?', '-').replaceAll('=', '-');
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  });
}
