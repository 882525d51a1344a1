// History keeps the names it was recorded with: a deleted person reads as
// "(deleted)" with no dead link and no lookups that fail, and a sync sentence
// names the code and says what happened to it.
import { test, expect, resetDemo } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

const feed = (page: import('@playwright/test').Page) => page.getByRole('log', { name: 'Activity, newest first' });

test("pausing someone says which code came off which door", async ({ page }) => {
  await page.goto('/people/person-maple-mia');
  await page.getByRole('button', { name: 'Pause access everywhere' }).click();
  await page.goto('/activity');
  await expect(feed(page).getByText('Mia Rivera\'s “After school” code was removed from Front door')).toBeVisible({ timeout: 15_000 });
  await expect(feed(page).getByText('Mia Rivera\'s “Mia\'s code” was removed from Back door')).toBeVisible({ timeout: 15_000 });
});

test("a deleted person's history keeps their name, says they are deleted, and links nowhere", async ({ page }) => {
  await page.goto('/people/person-maple-mia');
  await page.getByRole('button', { name: 'Pause access everywhere' }).click();
  await expect(page.getByRole('button', { name: 'Resume access' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete person' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/\/people$/);
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/people/person-maple-mia')) asked.push(r.url()); });
  await page.goto('/activity');
  const about = feed(page).getByRole('listitem').filter({ hasText: 'Mia Rivera (deleted)' });
  await expect(about.first()).toBeVisible();
  await expect(about.filter({ hasText: 'paused Mia Rivera (deleted)' })).toHaveCount(1);
  await expect(feed(page).getByText('(removed)')).toHaveCount(0);
  await expect(page.locator('a[href="/people/person-maple-mia"]')).toHaveCount(0);
  expect(asked, 'the feed asks nothing about the deleted person').toEqual([]);
});
