// Every time the app shows is the site's own: the alerts inbox and the feed
// read each site's wall clock (and say which zone where a list mixes zones),
// schedules say "today" by the site's date, and the week starts when the code
// was made. The browser here is in Tokyo, so a time read in the browser's zone
// would show.
import { test, expect, resetDemo, setSimClock, sim, signIn, API_HEADERS } from './fixtures';

test.describe.configure({ mode: 'serial' });
test.use({ timezoneId: 'Asia/Tokyo' });

// Thursday 3 December 2026, 22:43 in New York (03:43 on Friday in UTC, 12:43 in Tokyo).
const THURSDAY_NIGHT = '2026-12-04T03:43:00Z';

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
  await setSimClock({ mode: 'fixed', at: THURSDAY_NIGHT });
});

test("the alerts inbox shows the site's own time, and how many wrong codes locked the keypad", async ({ page }) => {
  for (let n = 0; n < 5; n++) await sim(page, 'locks/lock-maple-back/keypad', { pin: `00${n}9` });
  await page.goto('/alerts');
  const alert = page.locator('.alert-item').filter({ hasText: 'Someone is guessing codes' });
  await expect(alert).toContainText('5 wrong codes at Back door within 10 min; its keypad is locked until 22:44');
  await expect(alert.locator('time')).toHaveText('Thu 3 Dec 22:43');
});

test("a manager's feed that mixes New York and Chicago says which zone each time is in", async ({ page }) => {
  await signIn(page, 'morgan', 'harbor-view');
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '0019' });
  await sim(page, 'locks/lock-harbor-lobby/keypad', { pin: '002919' });
  await page.goto('/activity');
  const items = page.getByRole('log', { name: 'Activity, newest first' }).getByRole('listitem');
  await expect(items.filter({ hasText: 'refused at Lobby' }).first().locator('time')).toHaveText('Thu 3 Dec 21:43 Chicago time');
  await expect(items.filter({ hasText: 'refused at Front door' }).first().locator('time')).toHaveText('Thu 3 Dec 22:43 New York time');
});

test("the feed's days are each site's own days", async ({ page }) => {
  await signIn(page, 'morgan', 'harbor-view');
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '0019' });
  await sim(page, 'locks/lock-harbor-lobby/keypad', { pin: '002919' });
  // Thursday where both happened (Friday in UTC, and in this browser's Tokyo).
  await page.goto('/activity?kind=refused&from=2026-12-03&to=2026-12-03');
  const items = page.getByRole('log', { name: 'Activity, newest first' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await page.goto('/activity?kind=refused&from=2026-12-04');
  await expect(page.getByText('Nothing matches.')).toBeVisible();
  await expect(items).toHaveCount(0);
});

test('a homeowner with one zone reads plain site times', async ({ page }) => {
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '0019' });
  await page.goto('/activity');
  const item = page.getByRole('log', { name: 'Activity, newest first' }).getByRole('listitem').first();
  await expect(item.locator('time')).toHaveText('Thu 3 Dec 22:43');
});

test("an overnight code reads from tonight until tomorrow by the site's date, and the week starts when it was made", async ({ page }) => {
  const key = (what: string) => ({ ...API_HEADERS, 'Idempotency-Key': `${what}-${test.info().project.name}-${Date.now()}` });
  const person = await (await page.request.post('/api/v1/sites/site-maple/people', { headers: key('night-person'), data: { name: 'Night nurse', kind: 'staff' } })).json();
  const created = await page.request.post('/api/v1/codes', {
    headers: key('night-code'),
    data: {
      person_id: person.id,
      name: 'Night shift',
      pin: { choice: 'generate', length: null },
      doors: ['lock-maple-front'],
      schedule: { starts_at: '2026-12-03T22:00:00', ends_at: '2026-12-04T10:00:00', weekly: [], exceptions: [], use_limit: null },
      preset: 'temporary',
    },
  });
  expect(created.status()).toBe(201);
  await page.goto(`/people/${person.id}`);
  await expect(page.getByText('From today 22:00 until tomorrow 10:00')).toBeVisible();
  // The week (Monday 30 November to Sunday 6 December): nothing before Thursday 22:43, when it was made.
  const week = page.getByRole('table', { name: /Who can get in, Mon 30 Nov to Sun 6 Dec/ });
  const row = week.getByRole('row').filter({ hasText: 'Night shift' });
  await expect(row.getByRole('cell')).toHaveText(['—', '—', '—', 'from 22:43', 'until 10:00', '—', '—']);
});

test('the schedule editor says "any time" only while no weekly window is set', async ({ page }) => {
  await page.goto('/people/person-maple-sam');
  await page.getByRole('link', { name: 'Change Dog walks' }).click();
  const part = page.locator('.schedule-part').filter({ hasText: 'Weekly windows' });
  await expect(part.locator('.hint').first()).toHaveText('A window that ends before it starts runs past midnight.');
  await page.getByRole('button', { name: 'Always' }).click();
  await expect(part.locator('.hint').first()).toHaveText('None yet: the code works at any time of the week.');
});
