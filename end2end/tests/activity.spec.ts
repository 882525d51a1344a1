// The activity feed: keypad entries appear live as sentences, filters narrow
// the feed and survive a reload, the CSV holds exactly the filtered events,
// live updates can be paused, and nothing is lost or doubled across a dropped
// connection.
import { readFileSync } from 'node:fs';
import { request as apiRequest } from '@playwright/test';
import { test, expect, resetDemo, setSimClock, sim, API_HEADERS } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
  // Tuesday 24 November, 12:30 in New York: the dog walker's hours.
  await setSimClock({ mode: 'fixed', at: '2026-11-24T17:30:00Z' });
});

const feed = (page: import('@playwright/test').Page) => page.getByRole('log', { name: 'Activity, newest first' });

test("the dog walker's keypad entry shows in the feed within a second, as a sentence", async ({ page }) => {
  await page.goto('/activity');
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  await expect(feed(page).getByRole('listitem').first()).toBeVisible();
  const opened = await sim(page, 'locks/lock-maple-front/keypad', { pin: '4826' });
  expect(opened.opened).toBe(true);
  const item = feed(page).getByRole('listitem').first();
  await expect(item).toContainText('Sam (dog walker) unlocked Front door with the keypad', { timeout: 1_000 });
  await expect(item).toContainText('just now');
});

test('filters narrow the feed and survive a reload', async ({ page }) => {
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '4826' }); // opens
  await sim(page, 'locks/lock-maple-back/keypad', { pin: '0000' }); // wrong code at another door
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '1357' }); // wrong code here
  await page.goto('/activity');
  await page.getByLabel('Site').selectOption({ label: 'Maple Street' });
  await page.getByLabel('Door').selectOption({ label: 'Front door' });
  await page.getByLabel('What').selectOption({ label: 'Refused at the keypad' });
  await expect(page).toHaveURL(/site=site-maple/);
  await expect(page).toHaveURL(/door=lock-maple-front/);
  await expect(page).toHaveURL(/kind=refused/);
  const items = feed(page).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Someone was refused at Front door: wrong code');
  await page.reload();
  await expect(items).toHaveCount(1);
  await expect(page.getByLabel('What')).toHaveValue('refused');
  // A new matching event arrives live; a non-matching one does not.
  await sim(page, 'locks/lock-maple-back/keypad', { pin: '0001' });
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '0002' });
  await expect(items).toHaveCount(2);
});

test('the CSV holds exactly the filtered events', async ({ page }) => {
  for (const pin of ['1111', '2468', '4826']) await sim(page, 'locks/lock-maple-front/keypad', { pin });
  await page.goto('/activity?site=site-maple&door=lock-maple-front');
  await expect(feed(page).getByRole('listitem').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as CSV' }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('id,time (UTC),site,door,person,by,kind,detail,what happened');
  const expected = (await (await page.request.get('/api/v1/events?site_id=site-maple&lock_id=lock-maple-front&limit=500')).json()).items;
  const ids = lines.slice(1).map((line) => Number(line.split(',')[0]));
  expect(ids).toEqual(expected.map((e: { id: number }) => e.id));
  expect(lines.slice(1).every((line) => line.includes(',Front door,'))).toBe(true);
  expect(lines.join('\n')).toContain('Sam (dog walker) unlocked Front door with the keypad');
});

test('live updates pause while reading back, and resume with what came meanwhile', async ({ page }) => {
  await page.goto('/activity?door=lock-maple-front&site=site-maple');
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Pause live updates' }).click();
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '4826' });
  // The entry, and the alert it raised.
  await expect(page.getByRole('button', { name: 'Resume live updates (2 new)' })).toBeVisible();
  await expect(feed(page)).not.toContainText('Sam (dog walker) unlocked');
  await page.getByRole('button', { name: 'Resume live updates (2 new)' }).click();
  await expect(feed(page).getByRole('listitem').first()).toContainText('Sam (dog walker) unlocked Front door with the keypad');
});

test('events made while the connection was down appear after it returns, once each', async ({ page, baseURL, allowConsole }) => {
  allowConsole('ERR_INTERNET_DISCONNECTED'); // the health check while offline
  await page.goto('/activity?site=site-maple&kind=refused');
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  // Count only once the first page has arrived (it may be empty).
  await expect(feed(page).getByRole('listitem').first().or(page.getByText('Nothing matches.'))).toBeVisible();
  const before = await feed(page).getByRole('listitem').count();
  await page.context().setOffline(true);
  // Someone else, still online, makes events meanwhile.
  const other = await apiRequest.newContext({ baseURL, extraHTTPHeaders: API_HEADERS });
  expect((await other.post('/api/v1/session', { data: { username: 'alex', password: 'maple-street' } })).ok()).toBeTruthy();
  for (const pin of ['0100', '0200', '0300']) {
    expect((await other.post('/api/v1/sim/locks/lock-maple-garage/keypad', { data: { pin } })).ok()).toBeTruthy();
  }
  await page.context().setOffline(false);
  await expect(feed(page).getByRole('listitem')).toHaveCount(before + 3, { timeout: 15_000 });
  await expect(feed(page).getByText('Someone was refused at Garage: wrong code')).toHaveCount(3);
  await other.dispose();
});

test('older events come a hundred at a time, and the page stays small', async ({ page }) => {
  // 240 turns of the bolt by hand: more than two windows of events.
  for (let i = 0; i < 240; i++) {
    await sim(page, 'locks/lock-maple-garage/manual', { action: i % 2 ? 'lock' : 'unlock' });
  }
  await page.goto('/activity?door=lock-maple-garage');
  const items = feed(page).getByRole('listitem');
  await expect(items).toHaveCount(100);
  const newest = await items.first().textContent();
  await page.getByRole('button', { name: 'Older events' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Older events: 101–200 from the newest' })).toBeVisible();
  await expect(items).toHaveCount(100);
  await expect(feed(page)).toBeFocused();
  // A window, not a growing list: the page holds about as many elements as before.
  expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThan(1_500);
  await page.getByRole('button', { name: 'Older events' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Older events: 201–\d+ from the newest/ })).toBeVisible();
  // A live event meanwhile does not move the window being read.
  const oldest = await items.first().textContent();
  await sim(page, 'locks/lock-maple-garage/manual', { action: 'unlock' });
  await expect(items.first()).toHaveText(oldest!);
  await page.getByRole('button', { name: 'Newer events' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Older events: 10[12]–20[12] from the newest/ })).toBeVisible();
  await page.getByRole('button', { name: 'Back to the newest' }).click();
  await expect(items.first()).toContainText('Garage');
  await expect(items.first()).not.toHaveText(newest!);
});

test("recent activity on the doors page, a door's page and a person's page follows live", async ({ page }) => {
  await page.goto('/doors');
  const recent = page.getByRole('log', { name: 'Recent activity' });
  await expect(recent).toBeVisible();
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '4826' });
  await expect(recent.getByRole('listitem').first()).toContainText('Sam (dog walker) unlocked Front door with the keypad');
  await page.goto('/people/person-maple-sam');
  await expect(page.getByRole('log', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText('Sam (dog walker) unlocked Front door with the keypad');
  await page.goto('/doors/lock-maple-front');
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '9999' });
  await expect(page.getByRole('log', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText('Someone was refused at this door: wrong code');
});

test('an alert rule that matches shows a toast, counts as unread, and waits in the inbox', async ({ page }) => {
  await page.goto('/doors');
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Alerts, none unread' })).toBeVisible();
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '4826' });
  const toasts = page.getByRole('status', { name: 'Alerts as they happen' });
  await expect(toasts).toContainText('Dog walker arrived', { timeout: 1_000 });
  await expect(toasts).toContainText('Sam (dog walker) unlocked Front door with the keypad');
  await page.getByRole('link', { name: 'Alerts, 1 unread' }).click();
  await expect(page.getByRole('heading', { name: 'Inbox (1 unread)' })).toBeVisible();
  await page.getByRole('button', { name: 'Mark read: Dog walker arrived' }).click();
  await expect(page.getByRole('link', { name: 'Alerts, none unread' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Inbox', exact: true })).toBeVisible();
});

test('five wrong codes lock the keypad out and raise the alert, in the feed too', async ({ page }) => {
  await page.goto('/activity?site=site-maple&door=lock-maple-back');
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  for (const pin of ['0019', '0029', '0039', '0049', '0059']) await sim(page, 'locks/lock-maple-back/keypad', { pin });
  await expect(feed(page).getByRole('listitem').first()).toContainText("Back door's keypad locked after too many wrong codes", { timeout: 2_000 });
  // Tuesday 24 November 12:30 in New York; Maple Street locks a keypad for 60 s.
  const said = '5 wrong codes at Back door within 10 min; its keypad is locked until 12:31';
  await expect(feed(page)).toContainText(`Alert "Someone is guessing codes": ${said}`);
  await expect(page.getByRole('status', { name: 'Alerts as they happen' })).toContainText('Someone is guessing codes');
  const outbox = await (await page.request.get('/api/v1/outbox')).json();
  expect(outbox[0].body).toBe(`Someone is guessing codes: ${said}`);
});

test('a rule added on the Alerts page fires when its event happens', async ({ page }) => {
  await page.goto('/alerts');
  await page.getByLabel('Name').fill('Garage jammed');
  await page.getByLabel('When').selectOption({ label: 'A lock jams' });
  await page.getByLabel('E-mail to (optional)').fill('alex@example.com');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Garage jammed' })).toContainText('A lock jams');
  await expect(page.getByRole('listitem').filter({ hasText: 'Garage jammed' })).toContainText('e-mail to alex@example.com');
  await sim(page, 'locks/lock-maple-garage/jam', { on: true });
  await expect(page.getByRole('status', { name: 'Alerts as they happen' })).toContainText('Garage jammed');
  await expect(page.getByRole('list').filter({ hasText: 'Garage jammed' }).first()).toBeVisible();
  await page.getByRole('checkbox', { name: 'On: Garage jammed' }).uncheck();
  await expect(page.getByRole('checkbox', { name: 'On: Garage jammed' })).not.toBeChecked();
});
