// Finding what one looks for: the grid puts a searched resident's doors first,
// Activity's door and person filters work at once for a single site (and say
// why they wait for a site otherwise), the Schedules page names who cannot get
// in now, and alert rules are listed in name order.
import { test, expect, expectAccessible, resetDemo, setSimClock, signIn } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

test('searching the grid for a resident shows her own door among the first doors', async ({ page }) => {
  await signIn(page, 'morgan', 'harbor-view');
  await page.goto('/people/grid?site=site-harbor');
  const grid = page.getByRole('table');
  await expect(grid.getByRole('columnheader', { name: 'Gym' })).toBeVisible();
  await page.getByLabel('Search people or codes').fill('(511)');
  await expect(page.getByRole('status').filter({ hasText: 'the doors of these codes first' })).toContainText('1 code');
  for (const door of ['Unit 511', 'Lobby', 'Gym', 'Pool']) {
    await expect(grid.getByRole('columnheader', { name: door })).toBeVisible();
  }
  await expectAccessible(page, 'with the grid searched');
});

test('a homeowner with one site filters the activity by door at once', async ({ page }) => {
  await page.goto('/activity');
  await expect(page.getByLabel('Site', { exact: true })).toHaveValue('site-maple');
  const door = page.getByLabel('Door', { exact: true });
  await expect(door.getByRole('option', { name: 'Front door' })).toBeAttached();
  await expect(door).toBeEnabled();
  await door.selectOption({ label: 'Front door' });
  await expect(page).toHaveURL(/door=lock-maple-front/);
  await expect(page.getByLabel('Person', { exact: true })).toBeEnabled();
  await expect(page.getByText('choose the site first')).toBeHidden();
});

test('with several sites, the door and person filters say they wait for a site', async ({ page }) => {
  await signIn(page, 'morgan', 'harbor-view');
  await page.goto('/activity');
  const hint = 'Door and Person are for one site: choose the site first.';
  const door = page.getByLabel('Door', { exact: true });
  const person = page.getByLabel('Person', { exact: true });
  await expect(page.getByText(hint)).toBeVisible();
  await expect(door).toBeDisabled();
  await expect(door).toHaveAccessibleDescription(hint);
  await expect(person).toHaveAccessibleDescription(hint);
  await expectAccessible(page, 'with the hint shown');
  await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Maple Street' });
  await expect(door).toBeEnabled();
  await expect(page.getByText(hint)).toBeHidden();
  await expect(door).toHaveAccessibleDescription('');
});

test('the Schedules page names who cannot get in now', async ({ page }) => {
  // Next Sunday at 03:00 in New York (08:00 UTC in winter): the weekday and
  // Friday codes are out of their hours.
  const sunday = new Date();
  sunday.setUTCDate(sunday.getUTCDate() + (7 - sunday.getUTCDay()));
  sunday.setUTCHours(8, 0, 0, 0);
  try {
    await setSimClock({ mode: 'fixed', at: sunday.toISOString() });
    await page.goto('/schedules?door=lock-maple-front');
    const summary = page.locator('.now-out summary');
    await expect(summary).toContainText('3 cannot get in now:');
    for (const who of ['Sam (dog walker)', 'Rosa (cleaner)', "Mia Rivera's After school"]) {
      await expect(summary).toContainText(who);
    }
    await summary.click();
    await expect(page.getByRole('list', { name: 'Cannot get in now' }).getByRole('listitem')).toHaveCount(3);
    await expectAccessible(page, 'with who cannot get in listed');
  } finally {
    await setSimClock({ mode: 'real' });
  }
});

test('alert rules are listed in name order, and the list says so', async ({ page }) => {
  await page.goto('/alerts');
  const rules = page.locator('.rule-list > li > strong');
  await expect(rules).toHaveText(['Dog walker arrived', 'Someone is guessing codes']);
  await page.getByLabel('Name', { exact: true }).fill('Battery check');
  await page.getByLabel('When').selectOption({ label: 'A battery runs low' });
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(rules).toHaveText(['Battery check', 'Dog walker arrived', 'Someone is guessing codes']);
  await expect(page.getByText('3 rules at Maple Street, in name order.')).toBeVisible();
  await expectAccessible(page, 'with the rules in order');
});
