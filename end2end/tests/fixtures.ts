// Shared test fixtures: every test fails if the page logs anything to the
// console or throws, unless the test declares the messages it expects; and
// helpers to sign in and to drive the mock server's simulation API.
import { test as base, expect, type Page } from '@playwright/test';

type Fixtures = {
  /** Console messages that this test expects (matched by substring). */
  allowConsole: (fragment: string) => void;
};

export const test = base.extend<Fixtures>({
  allowConsole: [
    async ({ page }, use) => {
      const allowed: string[] = [];
      const unexpected: string[] = [];
      page.on('console', (msg) => {
        const text = `[${msg.type()}] ${msg.text().split("\n").slice(0, 2).join(" ")} (at ${page.url()})`;
        if (!allowed.some((fragment) => text.includes(fragment))) unexpected.push(text);
      });
      page.on('pageerror', (err) => unexpected.push(`[pageerror] ${err.message}`));
      await use((fragment) => allowed.push(fragment));
      expect(unexpected, 'the page logged to the console').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** What the app sends with every request: the server refuses state changes without it
 * (its guard against cross-site requests). Tests calling the API directly send it too. */
export const API_HEADERS = { 'X-Requested-With': 'latchkey' };

/** Signs in through the API; the browser context keeps the session cookie. */
export async function signIn(page: Page, username = 'alex', password = 'maple-street') {
  const response = await page.request.post('/api/v1/session', { headers: API_HEADERS, data: { username, password } });
  expect(response.status()).toBe(200);
}

/** Calls the mock server's simulation API (needs a session). */
export async function sim(page: Page, path: string, body: object = {}) {
  const response = await page.request.post(`/api/v1/sim/${path}`, { headers: API_HEADERS, data: body });
  expect(response.ok(), `sim ${path}: ${response.status()}`).toBeTruthy();
  return response.json().catch(() => null);
}

/** Puts the demo data back as it was at first start. */
export async function resetDemo(page: Page) {
  await signIn(page);
  const response = await page.request.post('/api/v1/sim/reset', { headers: API_HEADERS, data: {} });
  expect(response.status()).toBe(204);
}
