import assert from 'node:assert/strict';
import { PHONE, signIn, type E2eTest } from './harness';
import { VIEWER_KEY } from './system';

const overflow = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;

export const tests: E2eTest[] = [
  {
    name: 'every view fits a 375 px phone without sideways scrolling',
    async run({ system, newPage, screenshot }) {
      const page = await newPage(PHONE);
      await signIn(page, system.url);
      await page.locator('[data-testid=smart-table]').waitFor();
      assert.equal(await page.evaluate(overflow), 0, 'attribution fits');
      await screenshot(page, 'phone-attribution');

      await page.getByRole('link', { name: 'Marketing live' }).click();
      await page.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();
      assert.equal(await page.evaluate(overflow), 0, 'live fits');
      await screenshot(page, 'phone-live');

      await page.getByRole('link', { name: 'Categories' }).click();
      await page.locator('[data-testid=conversion-table]').waitFor();
      assert.equal(await page.evaluate(overflow), 0, 'categories fit');

      await page.getByRole('link', { name: 'Campaigns' }).click();
      await page.getByLabel('Client id').fill('3855206900');
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.locator('[data-testid=stream-data-table]').waitFor();
      assert.equal(await page.evaluate(overflow), 0, 'campaigns fit');
    },
  },
  {
    name: 'works with the keyboard alone',
    async run({ system, newPage }) {
      const page = await newPage();
      await page.goto(system.url);
      await page.keyboard.type(VIEWER_KEY);
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=smart-table]').waitFor();
      let focused = '';
      // Every control of the attribution view comes first, the run history's open buttons too.
      for (let i = 0; i < 20 && focused !== 'Categories'; i += 1) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      }
      assert.equal(focused, 'Categories', 'the nav links are reachable with Tab');
      await page.keyboard.press('Enter');
      await page.locator('#hour-picker').waitFor();
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        'main',
        'focus moves to the new view',
      );
      assert.equal(await page.locator('#nav a[aria-current=page]').innerText(), 'Categories');
    },
  },
];
