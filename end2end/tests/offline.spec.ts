// When the server stops, the app says so and keeps retrying; when it comes
// back, the app recovers by itself. This test runs its own server, which it
// stops and starts again (with its data in a file, so the session survives).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, API_HEADERS, expectAccessible, ownPort, startOwnServer } from './fixtures';

test('stopping the server shows the banner; restarting it recovers', async ({ page, allowConsole }, testInfo) => {
  test.setTimeout(60_000);
  allowConsole('Failed to load resource'); // the browser reports the refused requests
  allowConsole('ERR_CONNECTION_REFUSED');
  allowConsole('Failed to fetch'); // the on-demand pages' prefetch, if the server stops first
  const port = ownPort(testInfo, 0);
  const data = join(mkdtempSync(join(tmpdir(), 'latchkey-e2e-')), 'data.sqlite');
  let server = await startOwnServer(port, ['--data', data]);
  try {
    const base = `http://127.0.0.1:${port}`;
    await page.request.post(`${base}/api/v1/session`, { headers: API_HEADERS, data: { username: 'alex', password: 'maple-street' } });
    await page.goto(`${base}/doors`);
    await expect(page.getByRole('article', { name: 'Maple Street' })).toBeVisible();
    server.kill('SIGTERM');
    await expect(page.getByRole('alert').filter({ hasText: 'The Latchkey server is not answering.' })).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page, 'with the server down');
    server = await startOwnServer(port, ['--data', data]);
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'not answering' })).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByRole('status', { name: 'Server connected' })).toBeVisible();
    await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: 15_000 });
  } finally {
    server.kill('SIGTERM');
  }
});
