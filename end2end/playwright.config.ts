// Playwright runs the end-to-end tests in the system Chromium against the release
// build (dist/) served by the mock server, at desktop, tablet (portrait and
// landscape) and phone sizes: every test runs in every project.
import { defineConfig, devices } from '@playwright/test';

// One mock server per project, so the projects never share state. Tests that start
// servers of their own take ports from 8100 up (`ownPort` in tests/fixtures.ts).
const ports = { desktop: 8090, tablet: 8091, 'tablet-landscape': 8092, phone: 8093 };
const url = (port: number) => `http://127.0.0.1:${port}`;
const server = (port: number) => ({
  command: `../target/debug/latchkey-server --port ${port} --dist ../dist --in-memory`,
  url: `${url(port)}/api/v1/health`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

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
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    {
      name: 'desktop',
      // Each project has its own server; its tests take turns on it, since some reset its data.
      workers: 1,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, baseURL: url(ports.desktop) },
    },
    {
      name: 'tablet',
      workers: 1,
      use: { ...devices['Galaxy Tab S4'], baseURL: url(ports.tablet) },
    },
    {
      name: 'tablet-landscape',
      workers: 1,
      use: { ...devices['Galaxy Tab S4 landscape'], baseURL: url(ports['tablet-landscape']) },
    },
    {
      // A phone-sized Chromium profile (412 × 839, touch).
      name: 'phone',
      workers: 1,
      use: { ...devices['Pixel 7'], baseURL: url(ports.phone) },
    },
  ],
  webServer: Object.values(ports).map(server),
});
