// Every page at every viewport (each Playwright project), in light and dark (as the
// system asks, by prefers-color-scheme):
// a full-page screenshot saved as test output (target/e2e-results/…) for people
// to look at, no serious or critical axe-core finding, every touch target at
// least 44 × 44 px, and no horizontal scrolling.
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, signIn } from './fixtures';

const pages = [
  '/doors', '/doors/lock-maple-front', '/doors/lock-maple-back',
  '/people', '/people/grid', '/people/person-maple-mia', '/people/person-maple-mia/edit', '/people/new',
  '/people/person-maple-leo/codes/new', '/people/person-maple-sam/codes/code-maple-sam',
  '/schedules', '/schedules?door=lock-maple-front', '/activity', '/alerts', '/settings', '/login', '/no-such-page',
];

/** The smallest a touch target may be, in CSS pixels. */
const TOUCH = 44;

/** Interactive elements smaller than TOUCH either way, described for the message. A
 * checkbox or radio counts as its label (the label is what is tapped); a link inside a
 * sentence (an inline link in a paragraph with more words than the link) is exempt, as
 * WCAG 2.5.8 allows, since it cannot grow without breaking the line. */
function smallTargets(page: Page) {
  return page.evaluate((touch) => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const isCheck = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
      const target = (isCheck && el.closest('label')) || el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      const sentence = el.closest('p');
      const inSentence = el.tagName === 'A' && getComputedStyle(el).display === 'inline' && sentence !== null &&
        (sentence.textContent ?? '').trim().length > (el.textContent ?? '').trim().length;
      if (inSentence) continue;
      if (box.width < touch - 0.5 || box.height < touch - 0.5) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
        small.push(`<${el.tagName.toLowerCase()} class="${el.className}"> "${name}": ${Math.round(box.width)} × ${Math.round(box.height)}`);
      }
    }
    return small;
  }, TOUCH);
}

/** How far the page is wider than the window (0 when it needs no horizontal scrolling). */
function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

for (const path of pages) {
  test(`${path}: screenshot, accessibility, touch targets and width`, async ({ page }, testInfo) => {
    await signIn(page);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Server connected' })).toBeVisible();
    await page.waitForLoadState('networkidle').catch(() => {});
    const name = path.slice(1).replaceAll('/', '-').replaceAll('?', '-').replaceAll('=', '-');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // The system's choice is followed: a light page in light mode, a dark one in dark.
      const brightness = await page.evaluate(() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
        return (r + g + b) / 3;
      });
      if (colorScheme === 'light') expect(brightness, 'page background in light mode').toBeGreaterThan(200);
      else expect(brightness, 'page background in dark mode').toBeLessThan(60);
      await page.screenshot({ path: testInfo.outputPath(`${name}-${colorScheme}.png`), fullPage: true });
      await expectAccessible(page, `in ${colorScheme} mode`);
    }
    expect(await smallTargets(page), 'touch targets under 44 px').toEqual([]);
    expect(await horizontalOverflow(page), 'horizontal scrolling').toBeLessThanOrEqual(0);
  });
}
