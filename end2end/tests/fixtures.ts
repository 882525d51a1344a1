// Shared test fixtures: every test fails if the page logs anything to the
// console or throws, unless the test declares the messages it expects; and
// helpers to sign in and to drive the mock server's simulation API.
import { spawn, type ChildProcess } from 'node:child_process';
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

/** Starts a mock server of the test's own on `port` (for tests that stop it or
 * inject faults, which must not disturb the shared one); resolves once it answers.
 * Refuses a port something already answers on: the test would otherwise drive that
 * server instead (the projects' own servers listen on 8098 and 8099). */
export async function startOwnServer(port: number, args: string[]): Promise<ChildProcess> {
  const health = `http://127.0.0.1:${port}/api/v1/health`;
  const answers = await fetch(health).then(() => true, () => false);
  if (answers) throw new Error(`port ${port} is already in use; a test's own server needs a free port`);
  const child = spawn('../target/debug/mock-server', ['--port', String(port), '--dist', '../dist', ...args], { stdio: 'ignore' });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      if (exited !== null) return reject(new Error(`the server on port ${port} stopped at start (exit ${exited})`));
      try {
        const r = await fetch(health);
        if (r.ok) return resolve(child);
      } catch {}
      if (Date.now() > deadline) return reject(new Error('the server did not start'));
      setTimeout(poll, 200);
    };
    poll();
  });
}
