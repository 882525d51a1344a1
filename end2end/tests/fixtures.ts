// Shared test fixtures: every test fails if the page logs anything to the
// console or throws, unless the test declares the messages it expects, and if
// the page it ends on has a serious or critical accessibility problem (axe-core);
// helpers to check accessibility at any state, to sign in, and to drive the mock
// server's simulation API.
import { spawn, type ChildProcess } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, request as apiRequest, type Page, type TestInfo } from '@playwright/test';

type Fixtures = {
  /** Console messages that this test expects (matched by substring). */
  allowConsole: (fragment: string) => void;
  /** Runs axe-core on the page the test ends on. */
  accessibleAtEnd: void;
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
  // Whatever state a test ends in (loaded, empty, an error, a dialog open) is checked
  // by axe too; tests check the states they pass through with `expectAccessible`.
  accessibleAtEnd: [
    async ({ page }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus || page.isClosed()) return;
      if (!page.url().startsWith('http')) return; // the test never opened a page
      await expectAccessible(page, 'where the test ended');
    },
    { auto: true },
  ],
});

export { expect };

/** The WCAG 2.2 A and AA rules, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Fails when axe-core finds a serious or critical problem on the page as it is now
 * (`state` says which state, for the message), naming each rule and element. */
export async function expectAccessible(page: Page, state: string) {
  const check = async () => {
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`));
  };
  let problems = await check();
  // axe reads the page over a few hundred milliseconds; a live update redrawing part
  // of it meanwhile can mix an element's old and new state (seen once: a button's
  // disabled look read as enabled). A real problem is still there a second later.
  if (problems.length > 0) {
    await page.waitForTimeout(1_000);
    problems = await check();
  }
  expect(problems, `accessibility problems ${state} at ${page.url()}`).toEqual([]);
}

/** Ports for servers a test starts itself: one per project and slot, clear of the
 * projects' shared servers (see playwright.config.ts). */
export function ownPort(testInfo: TestInfo, slot: number) {
  const projects = testInfo.config.projects.map((p) => p.name);
  return 8100 + slot * projects.length + projects.indexOf(testInfo.project.name);
}

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

/** The demo account that manages every site: the only one the server lets change
 * the simulator's clock, faults and demo data, which every site shares. */
const OWNER = { username: 'morgan', password: 'harbor-view' };

/** Sends a request to the simulator's server-wide settings as the owner, from a
 * request context of its own (the page stays signed in as whoever it is); gives the
 * status. `server` defaults to the project's server. */
async function asOwner(method: 'PUT' | 'POST', path: string, data: object, server?: string) {
  const owner = await apiRequest.newContext({ baseURL: server ?? projectBaseURL(), extraHTTPHeaders: API_HEADERS });
  try {
    expect((await owner.post('/api/v1/session', { data: OWNER })).status()).toBe(200);
    return (await owner.fetch(path, { method, data })).status();
  } finally {
    await owner.dispose();
  }
}

/** The owner signed in to `server`, kept open: for a test that refuses every other
 * request with faults (a sign-in then would be refused too). Dispose it when done. */
export async function ownerSession(server: string) {
  const owner = await apiRequest.newContext({ baseURL: server, extraHTTPHeaders: API_HEADERS });
  expect((await owner.post('/api/v1/session', { data: OWNER })).status()).toBe(200);
  return owner;
}

function projectBaseURL() {
  const url = base.info().project.use.baseURL;
  if (!url) throw new Error('the project has no baseURL');
  return url;
}

/** Sets the simulator's clock (`{ mode: 'fixed', at }`, `{ mode: 'real' }`, …), as the owner. */
export async function setSimClock(setting: object, server?: string) {
  expect(await asOwner('PUT', '/api/v1/sim/clock', setting, server), 'PUT /sim/clock').toBe(200);
}

/** Sets the simulator's injected faults, as the owner. */
export async function setSimFaults(settings: object, server?: string) {
  expect(await asOwner('PUT', '/api/v1/sim/faults', settings, server), 'PUT /sim/faults').toBe(200);
}

/** Puts the demo data back as it was at first start (as the owner), and signs the
 * page in as the homeowner. */
export async function resetDemo(page: Page) {
  await signIn(page);
  expect(await asOwner('POST', '/api/v1/sim/reset', {}), 'POST /sim/reset').toBe(204);
}

/** Starts a mock server of the test's own on `port` (for tests that stop it or
 * inject faults, which must not disturb the shared one); resolves once it answers.
 * Refuses a port something already answers on: the test would otherwise drive that
 * server instead (the projects' own servers listen on 8090 and up; `ownPort` gives free ones). */
export async function startOwnServer(port: number, args: string[]): Promise<ChildProcess> {
  const health = `http://127.0.0.1:${port}/api/v1/health`;
  const answers = await fetch(health).then(() => true, () => false);
  if (answers) throw new Error(`port ${port} is already in use; a test's own server needs a free port`);
  const child = spawn('../target/debug/latchkey-server', ['--port', String(port), '--dist', '../dist', ...args], { stdio: 'ignore' });
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
