// Playwright runs the end-to-end tests in the system Chromium against the release
// build (dist/) served by the mock server, at desktop and tablet sizes.
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.LATCHKEY_E2E_PORT ?? 8099);
const baseURL = `http://127.0.0.1:${port}`;

// Chromium as root on a closed network: no sandbox, no background connections.
const chromiumArgs = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  outputDir: '../target/e2e-results',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'tablet',
      use: { ...devices['Galaxy Tab S4'] },
    },
  ],
  webServer: {
    command: `../target/debug/mock-server --port ${port} --dist ../dist --in-memory`,
    url: `${baseURL}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
