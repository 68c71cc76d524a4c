import assert from 'node:assert/strict';
import { signIn, type E2eTest } from './harness';

export const tests: E2eTest[] = [
  {
    name: 'a bad token shows the sign-in error and keeps the views closed',
    async run({ system, newPage, screenshot }) {
      const page = await newPage();
      await page.goto(system.url);
      await page.getByLabel('API key or token').fill('not-a-valid-key-0000000000');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const error = page.locator('#sign-in-error');
      await error.waitFor({ state: 'visible' });
      assert.match(await error.innerText(), /Sign-in failed: unknown API key/);
      assert.equal(await error.getAttribute('role'), 'alert');
      assert.equal(await page.locator('#nav').isVisible(), false);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('tributary.token')), null);
      await screenshot(page, 'sign-in-error');
    },
  },
  {
    name: 'a stored token the API refuses sends the user back to sign in',
    async run({ system, newPage }) {
      const page = await newPage();
      await page.addInitScript(() =>
        sessionStorage.setItem('tributary.token', 'revoked-key-0000000000000'),
      );
      await page.goto(`${system.url}/#/attribution`);
      const error = page.locator('#sign-in-error');
      await error.waitFor({ state: 'visible' });
      assert.match(await error.innerText(), /Sign-in failed/);
      assert.equal(await page.locator('#nav').isVisible(), false);
    },
  },
  {
    name: 'a good key signs in, stays for the tab, and signs out',
    async run({ system, newPage }) {
      const page = await newPage();
      await signIn(page, system.url);
      await page.reload();
      await page.locator('#nav').waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key or token').waitFor();
      assert.equal(await page.evaluate(() => sessionStorage.getItem('tributary.token')), null);
    },
  },
];
