// Shared test fixture: every test fails if the page logs anything to the console
// or throws, unless the test declares the messages it expects.
import { test as base, expect } from '@playwright/test';

type ConsoleGuard = {
  /** Console messages that this test expects (matched by substring). */
  allowConsole: (fragment: string) => void;
};

export const test = base.extend<ConsoleGuard>({
  allowConsole: [
    async ({ page }, use) => {
      const allowed: string[] = [];
      const unexpected: string[] = [];
      page.on('console', (msg) => {
        const text = `[${msg.type()}] ${msg.text()}`;
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
