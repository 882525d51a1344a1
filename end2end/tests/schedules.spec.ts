// Schedules made in the editor, checked at the simulated keypad on the
// simulated clock, and the week view showing the windows the server enforces.
// Maple Street is in America/New_York (UTC−5 in late November).
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, resetDemo, setSimClock, sim } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

const GRID = 'Where each code stands on each door';

/** Stops the mock server's clock at a UTC instant (as the owner: it is every site's clock). */
async function clockAt(_page: Page, utc: string) {
  await setSimClock({ mode: 'fixed', at: utc });
}

/** Tries a PIN at the front door's keypad. */
async function front(page: Page, pin: string) {
  return sim(page, 'locks/lock-maple-front/keypad', { pin });
}

/** Adds a person with a chosen PIN on the front door; `schedule` fills the editor. */
async function addWithSchedule(page: Page, name: string, pin: string, schedule: () => Promise<void>) {
  await page.goto('/people/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Front door').check();
  await page.getByLabel('Choose a PIN').check();
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await schedule();
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  // The front door (Wi-Fi) takes the code in about a second.
  const grid = page.getByRole('table', { name: GRID });
  await expect(grid.getByRole('cell', { name: 'Set', exact: true })).toHaveCount(1, { timeout: 15_000 });
}

test("the dog walker's weekday lunchtime: in at 12:30 on Tuesday, not at 15:00 or on Saturday; the week view agrees", async ({ page }) => {
  // The code is made on Monday morning, before the week looked at (the week shows nothing before a code was made).
  await clockAt(page, '2026-11-23T13:00:00Z');
  await addWithSchedule(page, 'Dana (dog walker)', '2580', async () => {
    await page.getByRole('button', { name: 'Every week (weekdays 12:00–14:00)' }).click();
    await expect(page.locator('#schedule-summary')).toHaveText('Weekdays 12:00–14:00');
    await expect(page.getByText('Times are the site\'s local time (America/New_York).')).toBeVisible();
  });
  await clockAt(page, '2026-11-24T17:30:00Z'); // Tuesday 12:30 in New York
  expect(await front(page, '2580')).toMatchObject({ opened: true });
  await clockAt(page, '2026-11-24T20:00:00Z'); // Tuesday 15:00
  expect(await front(page, '2580')).toMatchObject({ opened: false, reason: 'outside_schedule' });
  await clockAt(page, '2026-11-28T17:30:00Z'); // Saturday 12:30
  expect(await front(page, '2580')).toMatchObject({ opened: false, reason: 'outside_schedule' });

  // The front door's week, seen on Tuesday at 12:30.
  await clockAt(page, '2026-11-24T17:30:00Z');
  await page.goto('/schedules?door=lock-maple-front');
  const week = page.getByRole('table', { name: /Who can get in, Mon 23 Nov to Sun 29 Nov/ });
  const dana = week.getByRole('row', { name: /Dana \(dog walker\)/ });
  await expect(dana.getByRole('cell')).toHaveText(['12:00–14:00', '12:00–14:00', '12:00–14:00', '12:00–14:00', '12:00–14:00', '—', '—']);
  await expect(page.getByRole('list', { name: 'Can get in now' })).toContainText('Dana (dog walker) · Dana (dog walker)\'s code — until 14:00');
  await page.getByRole('button', { name: 'Next week →' }).click();
  await expect(page).toHaveURL(/from=2026-11-30/);
  await expect(page.getByRole('table', { name: /Mon 30 Nov to Sun 6 Dec/ })).toBeVisible();
});

test("the contractor's code works today and is refused tomorrow", async ({ page }) => {
  await clockAt(page, '2026-11-24T15:00:00Z'); // Tuesday 10:00; codes still reach locks (the radio runs on real time)
  await addWithSchedule(page, 'Pat (contractor)', '7305', async () => {
    await page.getByRole('button', { name: 'Today only' }).click();
    await expect(page.locator('#schedule-summary')).toHaveText('Today only');
  });
  expect(await front(page, '7305')).toMatchObject({ opened: true });
  await clockAt(page, '2026-11-25T15:00:00Z'); // Wednesday 10:00
  expect(await front(page, '7305')).toMatchObject({ opened: false, reason: 'expired' });
});

test('the delivery code works once, then is refused', async ({ page }) => {
  await addWithSchedule(page, 'Courier', '8163', async () => {
    await page.getByRole('button', { name: 'Once, within 7 days' }).click();
    await expect(page.getByText('At most 1 use in all.')).toBeVisible();
  });
  expect(await front(page, '8163')).toMatchObject({ opened: true });
  expect(await front(page, '8163')).toMatchObject({ opened: false, reason: 'use_limit_reached' });
});

test('a night shift 22:00–06:00 lets someone in at 02:00', async ({ page }) => {
  await clockAt(page, '2026-11-23T13:00:00Z'); // made on Monday morning, before the nights looked at
  await addWithSchedule(page, 'Night guard', '6047', async () => {
    await page.getByRole('button', { name: 'Add a weekly window' }).click();
    await page.getByLabel('From', { exact: true }).fill('22:00');
    await page.getByLabel('Until', { exact: true }).fill('06:00');
    await expect(page.getByText('Runs past midnight into the next day.')).toBeVisible();
    await expect(page.locator('#schedule-summary')).toHaveText('Weekdays 22:00–06:00');
  });
  await clockAt(page, '2026-11-25T07:00:00Z'); // Wednesday 02:00 (from Tuesday night)
  expect(await front(page, '6047')).toMatchObject({ opened: true });
  await clockAt(page, '2026-11-25T17:00:00Z'); // Wednesday 12:00
  expect(await front(page, '6047')).toMatchObject({ opened: false, reason: 'outside_schedule' });
  await page.goto('/people');
  await page.getByRole('link', { name: 'Night guard' }).click();
  const week = page.getByRole('table', { name: /Who can get in/ });
  await expect(week.getByRole('row', { name: /Night guard/ }).getByRole('cell').nth(1)).toHaveText('until 06:00, from 22:00');
});

test('mistakes are told at their field, and what was typed stays', async ({ page }) => {
  await page.goto('/people/new');
  await page.getByLabel('Name', { exact: true }).fill('Careful');
  await page.getByLabel('Front door').check();
  await page.getByRole('button', { name: 'Add a weekly window' }).click();
  await page.getByRole('button', { name: 'Add a weekly window' }).click();
  const second = page.getByRole('group', { name: 'Window 2' });
  await expect(second.getByRole('alert')).toHaveText('This window overlaps another one on Monday.');
  await second.getByLabel('From', { exact: true }).fill('18:00');
  await second.getByLabel('Until', { exact: true }).fill('20:00');
  await expect(second.getByRole('alert')).toHaveText('');
  await page.getByLabel('First day (optional)').fill('2026-12-10');
  await page.getByLabel('Last day (optional)').fill('2026-12-01');
  await expect(page.locator('#ends-error')).toHaveText('The end must be after the start.');
  await expectAccessible(page, 'with a mistake shown at its field');
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page).toHaveURL(/\/people\/new$/);
  await expect(page.getByLabel('Last day (optional)')).toHaveValue('2026-12-01');
  await expect(second.getByLabel('From', { exact: true })).toHaveValue('18:00');
  await page.getByLabel('Last day (optional)').fill('2027-01-31');
  await expect(page.locator('#schedule-summary')).toHaveText('Weekdays 09:00–17:00 and 18:00–20:00, from 10 Dec until 31 Jan 2027');
  await page.getByRole('button', { name: 'Add person and code' }).click();
  await expect(page.getByRole('heading', { name: 'Careful' })).toBeVisible();
});

test('the door picker finds a door by name and keeps the door on show listed', async ({ page }) => {
  await page.goto('/schedules?site=site-maple&door=lock-maple-front');
  const door = page.getByLabel('Door', { exact: true });
  await expect(door).toHaveValue('lock-maple-front');
  await page.getByLabel('Find a door').fill('gar');
  await expect(page.locator('#week-door-count')).toHaveText('1 door');
  // The garage matches; the front door, on show, stays chosen.
  await expect(door.getByRole('option')).toHaveText(['Front door', 'Garage']);
  await expect(door).toHaveValue('lock-maple-front');
  await door.selectOption({ label: 'Garage' });
  await expect(page).toHaveURL(/door=lock-maple-garage/);
  await expect(page.getByRole('table', { name: /Who can get in/ }).or(page.getByText('No codes here yet.'))).toBeVisible();
});
