// The Doors page and a door's detail against the simulated locks: the summary,
// lock / unlock with a visible pending state, "Lock all" with a jammed door,
// filters in the URL, and live updates from the keypad.
import { test, expect, expectAccessible, resetDemo, sim } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

function doorCard(page: import('@playwright/test').Page, name: string) {
  return page.locator('.door-card').filter({ has: page.getByRole('link', { name, exact: true }) });
}

test('the demo doors and the site summary', async ({ page }) => {
  await page.goto('/doors');
  const maple = page.getByRole('article', { name: 'Maple Street' });
  await expect(maple.getByText('All 4 doors locked')).toBeVisible();
  await expect(maple.getByRole('link', { name: 'Side gate: low battery' })).toBeVisible();
  await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Maple Street' });
  for (const name of ['Front door', 'Back door', 'Garage', 'Side gate']) {
    await expect(doorCard(page, name)).toBeVisible();
  }
  await expect(doorCard(page, 'Side gate').getByText('Battery 18 % — replace soon')).toBeVisible();
  // The state badge sits in the card's flow, in its own tone (the bell's unread
  // count once shared its class and turned every badge red and absolute).
  const badge = doorCard(page, 'Front door').locator('.badge');
  await expect(badge).toHaveText('Locked');
  expect(await badge.evaluate((b) => getComputedStyle(b).position)).toBe('static');
});

test('locking a door shows it pending until the lock confirms', async ({ page }) => {
  await sim(page, 'locks/lock-maple-back/manual', { action: 'unlock' });
  await page.goto('/doors?site=site-maple');
  const back = doorCard(page, 'Back door');
  await expect(back.locator('.badge')).toHaveText('Unlocked');
  await expect(page.getByRole('article', { name: 'Maple Street' }).getByText('Back door unlocked')).toBeVisible();
  await back.getByRole('button', { name: 'Lock Back door' }).click();
  await expect(back.locator('.badge')).toHaveText('Locking…');
  await expect(back.locator('.badge')).toHaveText('Locked', { timeout: 10_000 });
  await expect(page.getByRole('article', { name: 'Maple Street' }).getByText('All 4 doors locked')).toBeVisible();
});

test('Lock all names the jammed door, locks the others and says which were locked already', async ({ page }) => {
  await sim(page, 'locks/lock-maple-front/manual', { action: 'unlock' });
  await sim(page, 'locks/lock-maple-back/manual', { action: 'unlock' });
  await sim(page, 'locks/lock-maple-back/jam', { on: true });
  await page.goto('/doors?site=site-maple');
  await expect(page.getByRole('article', { name: 'Maple Street' }).getByText('Back door jammed')).toBeVisible();
  await page.getByRole('button', { name: 'Lock all at Maple Street' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lock all at Maple Street' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('li', { hasText: 'Back door' })).toContainText('Not locked: jammed');
  // The Side gate is a Bluetooth lock with no phone in range: locked all the same.
  await expect(dialog.locator('li', { hasText: 'Side gate' })).toContainText('Already locked');
  await expect(dialog.locator('li', { hasText: 'Front door' })).toContainText(/Locking now…|Locked/);
  await expectAccessible(page, 'with the Lock all dialog open');
  await expect(dialog.getByRole('status')).toHaveText('1 locked, 2 already locked, 1 not locked.', { timeout: 10_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(doorCard(page, 'Front door').locator('.badge')).toHaveText('Locked', { timeout: 10_000 });
  await expect(doorCard(page, 'Back door').locator('.badge')).toHaveText('Jammed');
});

test('search and filters live in the URL and survive a reload', async ({ page }) => {
  await page.goto('/doors');
  await page.getByLabel('Search doors').fill('gate');
  await expect(page).toHaveURL(/q=gate/);
  await expect(page.locator('.door-card')).toHaveCount(1);
  await expect(doorCard(page, 'Side gate')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Search doors')).toHaveValue('gate');
  await expect(page.locator('.door-card')).toHaveCount(1);
  await page.getByLabel('Search doors').fill('no such door');
  await expect(page.getByText('No doors match.')).toBeVisible();
  await expectAccessible(page, 'with no door matching');
});

test('tapping a door opens its detail, and keypad entries appear live', async ({ page }, testInfo) => {
  await page.goto('/doors?site=site-maple');
  const link = page.getByRole('link', { name: 'Garage', exact: true });
  // The app moves to the door's page without loading itself again.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  if (testInfo.project.use.hasTouch) await link.tap();
  else await link.click();
  await expect(page).toHaveURL(/\/doors\/lock-maple-garage$/);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await expect(page.getByRole('heading', { name: 'Garage', level: 2 })).toBeVisible();
  await expect(page.getByRole('row', { name: /Pat's Plumbing/ })).toContainText('On the lock');
  await expect(page.getByText('Slot 7 · 4 digits')).toBeVisible();
  await expect(page.getByText('4 to 6 digits')).toBeVisible();
  await sim(page, 'locks/lock-maple-garage/keypad', { pin: '3917' });
  await expect(page.getByText('Alex Rivera unlocked this door with the keypad')).toBeVisible();
  await expect(page.locator('.door-state .badge')).toHaveText('Unlocked');
});

test('after a factory reset the door says so and its codes go back on by themselves', async ({ page }) => {
  await page.goto('/doors/lock-maple-garage');
  const pat = page.getByRole('row', { name: /Pat's Plumbing/ });
  await expect(pat).toContainText('On the lock');
  await sim(page, 'locks/lock-maple-garage/factory-reset');
  await expect(page.getByText(/reset to factory settings: its codes are being sent again/)).toBeVisible();
  await expect(pat).toContainText(/Waiting for the lock|Sending to the lock…/);
  await expect(pat).toContainText('On the lock', { timeout: 15_000 });
});

test('a pending door pulses gently, and holds still when the system asks for reduced motion', async ({ page }) => {
  await sim(page, 'locks/lock-maple-back/manual', { action: 'unlock' });
  await sim(page, 'locks/lock-maple-garage/manual', { action: 'unlock' });
  await page.goto('/doors?site=site-maple');
  const motion = (name: string) => doorCard(page, name).locator('.badge').evaluate((b) => {
    const style = getComputedStyle(b);
    return { name: style.animationName, seconds: parseFloat(style.animationDuration), turns: style.animationIterationCount };
  });
  await doorCard(page, 'Back door').getByRole('button', { name: 'Lock Back door' }).click();
  await expect(doorCard(page, 'Back door').locator('.badge')).toHaveText('Locking…');
  expect(await motion('Back door')).toEqual({ name: 'pending-pulse', seconds: 1.2, turns: 'infinite' });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await doorCard(page, 'Garage').getByRole('button', { name: 'Lock Garage' }).click();
  await expect(doorCard(page, 'Garage').locator('.badge')).toHaveText('Locking…');
  const still = await motion('Garage');
  expect(still.turns).toBe('1');
  expect(still.seconds).toBeLessThanOrEqual(0.00001);
  // Both doors settle (and the page stops changing under the end-of-test axe check).
  for (const name of ['Back door', 'Garage']) {
    await expect(doorCard(page, name).locator('.badge')).toHaveText('Locked', { timeout: 10_000 });
  }
});
