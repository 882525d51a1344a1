// The main flows by keyboard alone: after the first page load, no click, tap or
// fill, only Tab, Shift+Tab, Enter, Space, Escape, arrows and typed characters.
// Every control the keyboard stops at shows a visible focus ring, and the states
// passed through are checked by axe.
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible, resetDemo, setSimClock, sim } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

/** The most Tab presses a flow may need to reach its next control. */
const MAX_TABS = 120;

/** Presses Tab (or Shift+Tab) until `target` has the focus, failing if it is never
 * reached; each control passed on the way must show a focus ring. */
async function tabTo(page: Page, target: Locator, { backwards = false } = {}) {
  await target.waitFor();
  for (let presses = 0; presses < MAX_TABS; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      // The calendar button inside a date or time field has the focus (the field
      // itself no longer matches :focus); the browser rings that button itself.
      if (el instanceof HTMLInputElement && !el.matches(':focus')) return null;
      const style = getComputedStyle(el);
      return {
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        what: `<${el.tagName.toLowerCase()} id="${el.id}" type="${el.getAttribute('type') ?? ''}"> ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)} (outline ${style.outlineStyle} ${style.outlineWidth})`,
      };
    });
    if (focused) expect(focused.ring, `focus ring on ${focused.what}`).toBe(true);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const GRID = 'Where each code stands on each door';

test('add a person with a code on three doors', async ({ page }) => {
  await page.goto('/doors');
  await expect(page.getByRole('heading', { name: 'Doors', level: 1 })).toBeVisible();
  await tabTo(page, mainNav(page).getByRole('link', { name: 'People' }));
  await page.keyboard.press('Enter');
  // Moving to a page puts the focus on its heading, so a screen reader says where it is.
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeFocused();
  await tabTo(page, page.getByRole('link', { name: 'Add a person' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Add a person', level: 1 })).toBeFocused();
  await tabTo(page, page.getByLabel('Name', { exact: true }));
  await page.keyboard.type('Kim (keyboard)');
  for (const door of ['Back door', 'Front door', 'Garage']) {
    const box = page.getByRole('checkbox', { name: door });
    await tabTo(page, box);
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
  }
  await expectAccessible(page, 'with the form filled in');
  await tabTo(page, page.getByRole('button', { name: 'Add person and code' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Kim (keyboard)' })).toBeVisible();
  const grid = page.getByRole('table', { name: GRID });
  await expect(grid.getByRole('columnheader')).toHaveText(['Code', 'Back door', 'Front door', 'Garage']);
});

test('edit a schedule', async ({ page }) => {
  await page.goto('/people/person-maple-sam');
  await tabTo(page, page.getByRole('link', { name: 'Change Dog walks' }));
  await page.keyboard.press('Enter');
  const from = page.getByLabel('From', { exact: true });
  await expect(from).toHaveValue('12:00');
  // A time field takes its hour, minutes and (in this locale) AM or PM as typed.
  await tabTo(page, from);
  await page.keyboard.type('1100AM');
  await expect(from).toHaveValue('11:00');
  await tabTo(page, page.getByLabel('Until', { exact: true }));
  await page.keyboard.type('0130PM');
  await expect(page.getByLabel('Until', { exact: true })).toHaveValue('13:30');
  // Fridays off: the day's checkbox, found going back through the form.
  const friday = page.getByRole('group', { name: 'Days' }).getByLabel('Fri');
  await tabTo(page, friday, { backwards: true });
  await page.keyboard.press('Space');
  await expect(friday).not.toBeChecked();
  await expect(page.locator('#schedule-summary')).toHaveText('Mon–Thu 11:00–13:30');
  await tabTo(page, page.getByRole('button', { name: 'Save changes' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sam (dog walker)' })).toBeVisible();
  await expect(page.getByText('Mon–Thu 11:00–13:30')).toBeVisible();
});

test('lock all, and read what happened in the dialog', async ({ page }) => {
  await sim(page, 'locks/lock-maple-front/manual', { action: 'unlock' });
  await page.goto('/doors?site=site-maple');
  const maple = page.getByRole('article', { name: 'Maple Street' });
  await expect(maple.getByText('Front door unlocked')).toBeVisible();
  const lockAll = page.getByRole('button', { name: 'Lock all at Maple Street' });
  await tabTo(page, lockAll);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Lock all at Maple Street' });
  // The Front door locks while the dialog is open; the Side gate (Bluetooth) is locked already.
  await expect(dialog.getByRole('status')).toHaveText(/^1 (locking|locked), 3 already locked\.$/);
  await expect(dialog.getByRole('heading', { name: 'Lock all at Maple Street' })).toBeFocused();
  await expectAccessible(page, 'with the Lock all dialog open');
  // The page behind is out of reach: Tab goes round the dialog's controls (past
  // the last one, at most out to the browser's own controls, never to the page).
  const close = dialog.getByRole('button', { name: 'Close' });
  await tabTo(page, close);
  const where = () => dialog.evaluate((d) => (d.contains(document.activeElement) ? 'dialog' : document.activeElement === document.body ? 'browser' : 'page'));
  await page.keyboard.press('Tab');
  expect(['dialog', 'browser']).toContain(await where());
  await page.keyboard.press('Tab');
  expect(await where()).toBe('dialog');
  // Escape closes it and gives the focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(lockAll).toBeFocused();
  await expect(maple.getByText('Front door unlocked')).toBeHidden({ timeout: 10_000 });
  // And again, closed with its button this time.
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText('4 already locked.');
  await tabTo(page, close);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(lockAll).toBeFocused();
});

test('lock a door and unlock it again, the focus staying on its button', async ({ page }) => {
  await sim(page, 'locks/lock-maple-back/manual', { action: 'unlock' });
  await page.goto('/doors?site=site-maple');
  const card = page.locator('.door-card').filter({ has: page.getByRole('link', { name: 'Back door', exact: true }) });
  const button = card.getByRole('button', { name: 'Lock Back door' });
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  await expect(card.locator('.badge')).toHaveText('Locking…');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  // When the lock confirms, the card says so to a screen reader, and the same
  // button, still focused, now offers to unlock.
  await expect(card.getByRole('status')).toHaveText('Back door: Locked', { timeout: 10_000 });
  const unlock = card.getByRole('button', { name: 'Unlock Back door' });
  await expect(unlock).toBeFocused();
  await expect(unlock).toHaveAttribute('aria-disabled', 'false');
  await page.keyboard.press('Enter');
  await expect(card.getByRole('status')).toHaveText('Back door: Unlocked', { timeout: 10_000 });
  await expect(card.getByRole('button', { name: 'Lock Back door' })).toBeFocused();
});

test("on a door's own page too, lock and unlock it with the focus staying on its button", async ({ page }) => {
  await sim(page, 'locks/lock-maple-back/manual', { action: 'unlock' });
  await page.goto('/doors/lock-maple-back');
  const state = page.locator('.door-state');
  await expect(state.locator('.badge')).toHaveText('Unlocked');
  await tabTo(page, state.getByRole('button', { name: 'Lock Back door' }));
  await page.keyboard.press('Enter');
  await expect(state.locator('.badge')).toHaveText('Locking…');
  // The page reloads the door as it changes, but updates it in place.
  await expect(state.getByRole('status')).toHaveText('Back door: Locked', { timeout: 10_000 });
  const unlock = state.getByRole('button', { name: 'Unlock Back door' });
  await expect(unlock).toBeFocused();
  await expect(page.getByRole('log', { name: 'Recent activity' }).getByRole('listitem').first()).toContainText(/locked this door/);
  await page.keyboard.press('Enter');
  await expect(state.getByRole('status')).toHaveText('Back door: Unlocked', { timeout: 10_000 });
  await expect(state.getByRole('button', { name: 'Lock Back door' })).toBeFocused();
});

test('read the feed, follow an event to its door, and hear new events', async ({ page }) => {
  await setSimClock({ mode: 'fixed', at: '2026-11-24T17:30:00Z' });
  await sim(page, 'locks/lock-maple-front/keypad', { pin: '4826' }); // Sam, at lunchtime
  await page.goto('/doors');
  await tabTo(page, mainNav(page).getByRole('link', { name: 'Activity' }));
  await page.keyboard.press('Enter');
  // The feed is a live region (role log: polite), so new events are read out.
  const feed = page.getByRole('log', { name: 'Activity, newest first' });
  const first = feed.getByRole('listitem').first();
  await expect(first).toContainText('Sam (dog walker) unlocked Front door with the keypad');
  // The toasts are a live region too.
  await expect(page.getByRole('status', { name: 'Alerts as they happen' })).toHaveAttribute('aria-live', 'polite');
  await sim(page, 'locks/lock-maple-back/keypad', { pin: '3917' }); // Alex, at the back door
  await expect(first).toContainText('Alex Rivera unlocked Back door with the keypad');
  // Its links say where they lead: the door's and the person's names.
  await expect(first.getByRole('link')).toHaveText(['Back door', 'Alex Rivera']);
  await tabTo(page, first.getByRole('link', { name: 'Back door' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/doors\/lock-maple-back$/);
  await expect(page.getByRole('heading', { name: 'Back door', level: 2 })).toBeVisible();
  await setSimClock({ mode: 'real' });
});
