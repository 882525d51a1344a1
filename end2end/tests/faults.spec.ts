// Faults injected by the mock server (its /sim/faults): the app sends again only
// what is safe to send again, says so while it waits, and keeps what was typed.
// Each test runs a server of its own, since faults would disturb the others.
import type { Page } from '@playwright/test';
import { test, expect, API_HEADERS, expectAccessible, ownPort, ownerSession, signIn, startOwnServer } from './fixtures';

async function ownServer(page: Page, port: number) {
  const server = await startOwnServer(port, ['--in-memory']);
  const base = `http://127.0.0.1:${port}`;
  const signedIn = await page.request.post(`${base}/api/v1/session`, {
    headers: API_HEADERS,
    data: { username: 'alex', password: 'maple-street' },
  });
  expect(signedIn.status()).toBe(200);
  // Faults are every site's: only the owner may set them (the page stays signed in
  // as alex). The owner signs in before any fault, which would refuse that too.
  const owner = await ownerSession(base);
  const faults = async (settings: object) => {
    expect((await owner.put('/api/v1/sim/faults', { data: settings })).status(), 'PUT /sim/faults').toBe(200);
  };
  // The page closes before its server stops: left open, it would go on asking the
  // stopped server and log each refusal. (So each test checks its last state with
  // axe itself, while the page is open.)
  const stop = async () => {
    await page.close();
    await owner.dispose();
    server.kill('SIGTERM');
  };
  return { base, faults, stop };
}

test('with one request in ten refused and 200 ± 100 ms added, a new person is saved once', async ({ page, allowConsole }, testInfo) => {
  test.setTimeout(60_000);
  allowConsole('503 (Service Unavailable)'); // the refused requests, retried
  const { base, faults, stop } = await ownServer(page, ownPort(testInfo, 1));
  try {
    await faults({ error_rate: 0.1, latency_ms: 100, jitter_ms: 200 });
    await page.goto(`${base}/people/new`);
    await page.getByLabel('Name', { exact: true }).fill('Fault-tolerant Fran');
    await page.getByLabel('Front door').check();
    await page.getByRole('button', { name: 'Add person and code' }).click();
    await expect(page.getByRole('heading', { name: 'Fault-tolerant Fran' })).toBeVisible({ timeout: 20_000 });
    await faults({});
    const found = await (await page.request.get(`${base}/api/v1/people?q=fran`)).json();
    expect(found.items).toHaveLength(1);
    await expectAccessible(page, 'with the person saved');
  } finally {
    await stop();
  }
});

test('a lock command is never sent twice; a page load waits, says so, and recovers', async ({ page, allowConsole }, testInfo) => {
  test.setTimeout(60_000);
  allowConsole('503 (Service Unavailable)');
  const { base, faults, stop } = await ownServer(page, ownPort(testInfo, 2));
  try {
    await page.goto(`${base}/doors?site=site-maple`);
    const front = page.locator('.door-card').filter({ has: page.getByRole('link', { name: 'Front door', exact: true }) });
    await expect(front.locator('.badge')).toHaveText('Locked');
    const commands: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/v1/locks/')) commands.push(request.url());
    });
    await faults({ error_rate: 1 });
    await front.getByRole('button', { name: 'Unlock Front door' }).click();
    // Refused once, told at once, not sent again: an unlock repeated later could
    // open a door someone has since locked.
    await expect(front.locator('.badge')).toHaveText('Locked');
    await expect(page.getByText(/busy/i).first()).toBeVisible();
    await page.waitForTimeout(2_000);
    expect(commands).toHaveLength(1);
    // A read is sent again, and the page says it is waiting.
    await page.getByRole('link', { name: 'People' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The server is busy. Trying again…' })).toBeVisible();
    await faults({});
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('People', { timeout: 10_000 });
    await expect(page.getByRole('link', { name: 'Leo Rivera' })).toBeVisible();
    await expect(page.getByText('The server is busy. Trying again…')).toHaveCount(0);
    await expectAccessible(page, 'recovered');
  } finally {
    await stop();
  }
});

test('when the server keeps dropping the live stream, the feed still shows every event once', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const { base, faults, stop } = await ownServer(page, ownPort(testInfo, 3));
  try {
    // Every stream the server opens from now on ends after 1.5 s; the browser reconnects and resumes.
    await faults({ stream_drop_ms: 1500 });
    let streamsOpened = 0;
    page.on('request', (r) => { if (r.url().includes('/events/stream')) streamsOpened++; });
    await page.goto(`${base}/activity`);
    const feed = page.getByRole('log', { name: 'Activity, newest first' });
    await expect(page.getByText('Live', { exact: true })).toBeVisible();
    for (let n = 0; n < 10; n++) {
      const action = n % 2 === 0 ? 'pause' : 'resume';
      const answer = await page.request.post(`${base}/api/v1/people/person-maple-leo/${action}`, { headers: API_HEADERS, data: {} });
      expect(answer.ok()).toBeTruthy();
      await page.waitForTimeout(400); // 4 s in all: the stream drops at least twice meanwhile
    }
    await expect(feed.getByRole('listitem').filter({ hasText: 'resumed Leo Rivera' })).toHaveCount(5, { timeout: 15_000 });
    await expect(feed.getByRole('listitem').filter({ hasText: 'paused Leo Rivera' })).toHaveCount(5);
    // Newest first, alternating: none missing, none twice, in order.
    const texts = await feed.getByRole('listitem').filter({ hasText: /(paused|resumed) Leo Rivera/ }).allTextContents();
    expect(texts.map((t) => (t.includes('resumed') ? 'resumed' : 'paused'))).toEqual(
      ['resumed', 'paused', 'resumed', 'paused', 'resumed', 'paused', 'resumed', 'paused', 'resumed', 'paused'],
    );
    expect(streamsOpened, 'the stream was dropped and opened again').toBeGreaterThanOrEqual(2);
    await expectAccessible(page, 'with the feed caught up');
  } finally {
    await faults({});
    await stop();
  }
});

test('when the on-demand pages cannot be downloaded, the page says so and the app keeps working', async ({ page, allowConsole }) => {
  allowConsole('Failed to fetch'); // the blocked download, as expected
  allowConsole('ERR_FAILED');
  allowConsole('Failed to load resource');
  await signIn(page);
  // The connection drops just for the file that holds every page but Doors.
  await page.route('**/split_*.wasm', (route) => route.abort());
  await page.goto('/doors');
  await expect(page.getByRole('article').first()).toBeVisible();
  await page.getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not loaded');
  await expect(page.getByRole('alert')).toContainText('could not be downloaded');
  // The rest of the app still works.
  await page.getByRole('link', { name: 'Doors' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Doors');
  await page.getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not loaded');
  // Back online: "Try again" gets the page.
  await page.unroute('**/split_*.wasm');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('People');
  // And moving between pages needs no download any more.
  await page.getByRole('link', { name: 'Schedules' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schedules');
});
