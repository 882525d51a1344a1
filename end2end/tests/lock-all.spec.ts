// "Lock all" follows each door to its end: "Locking now…" becomes "Locked" once
// the lock confirms, a door already locked says so whatever its radio, and a door
// left unlocked says why (jammed, offline, a Bluetooth lock out of phone range).
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, resetDemo, setSimFaults, sim } from './fixtures';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await resetDemo(page);
});

async function openLockAll(page: Page) {
  await page.getByRole('button', { name: 'Lock all at Maple Street' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lock all at Maple Street' });
  await expect(dialog).toBeVisible();
  const result = (door: string) =>
    dialog.getByRole('listitem').filter({ has: page.getByRole('link', { name: door, exact: true }) }).locator('span');
  return { dialog, result };
}

test('Lock all follows each door until it has locked, and a locked Bluetooth gate is already locked', async ({ page }) => {
  try {
    // Slow radios, so "Locking now…" can be seen before the lock confirms.
    await setSimFaults({ lock_delay_ms: 1_500 });
    await sim(page, 'locks/lock-maple-front/manual', { action: 'unlock' });
    await sim(page, 'locks/lock-maple-back/manual', { action: 'unlock' });
    await sim(page, 'locks/lock-maple-back/jam', { on: true });
    await page.goto('/doors?site=site-maple');
    await expect(page.getByRole('article', { name: 'Maple Street' }).getByText('Back door jammed')).toBeVisible();
    const { dialog, result } = await openLockAll(page);
    // The Side gate is a Bluetooth lock with no phone in range, and it is locked.
    await expect(result('Side gate')).toHaveText('Already locked');
    await expect(result('Garage')).toHaveText('Already locked');
    await expect(result('Back door')).toHaveText('Not locked: jammed, the bolt needs a hand');
    await expect(result('Front door')).toHaveText('Locking now…');
    await expect(dialog.getByRole('status')).toHaveText('1 locking, 2 already locked, 1 not locked.');
    await expectAccessible(page, 'with a door still locking');
    await expect(result('Front door')).toHaveText('Locked', { timeout: 10_000 });
    await expect(dialog.getByRole('status')).toHaveText('1 locked, 2 already locked, 1 not locked.');
    await expectAccessible(page, 'with every door at its end');
  } finally {
    await setSimFaults({});
  }
});

test('Lock all names a Bluetooth gate out of phone range, and doors that jam or go offline on the way', async ({ page }) => {
  try {
    await sim(page, 'locks/lock-maple-gate/manual', { action: 'unlock' });
    await sim(page, 'locks/lock-maple-front/manual', { action: 'unlock' });
    await sim(page, 'locks/lock-maple-back/manual', { action: 'unlock' });
    // Every lock command jams the bolt when it arrives, two seconds late.
    await setSimFaults({ lock_delay_ms: 2_000, lock_failure_rate: 1 });
    await page.goto('/doors?site=site-maple');
    await expect(page.getByRole('article', { name: 'Maple Street' }).getByText('3 doors unlocked')).toBeVisible();
    const { dialog, result } = await openLockAll(page);
    await expect(result('Side gate')).toHaveText('Not locked: Bluetooth, no phone in range to pass the command on');
    await expect(result('Back door')).toHaveText('Locking now…');
    // The Back door stops answering before the command arrives.
    await sim(page, 'locks/lock-maple-back/online', { on: false });
    await expect(result('Back door')).toHaveText('Not locked: it went offline before it locked');
    await expect(result('Front door')).toHaveText('Not locked: it jammed on the way, the bolt needs a hand', { timeout: 10_000 });
    await expect(result('Garage')).toHaveText('Already locked');
    await expect(dialog.getByRole('status')).toHaveText('1 already locked, 3 not locked.');
    await expectAccessible(page, 'with the doors that did not lock named');
  } finally {
    await setSimFaults({});
  }
});
