import assert from 'node:assert/strict';
import { exactly, paintedPixels, signIn, type E2eTest } from './harness';
import { int } from './format';

interface Window {
  total_views: number;
  distinct_users: number;
}

export const tests: E2eTest[] = [
  {
    name: 'shows the live window and follows new views over the stream',
    async run({ system, newPage, screenshot }) {
      const page = await newPage();
      await signIn(page, system.url);
      await page.getByRole('link', { name: 'Marketing live' }).click();
      const before = await system.api<Window & { distinct_platforms: number }>(
        '/v1/realtime/platforms',
      );
      const users = await system.api<Window>('/v1/realtime/users');
      await page
        .locator('[data-testid=live-views]', { hasText: exactly(int(before.total_views)) })
        .waitFor();
      assert.equal(
        await page.locator('[data-testid=live-users]').innerText(),
        int(users.distinct_users),
      );
      assert.equal(
        await page.locator('[data-testid=live-platforms]').innerText(),
        int(before.distinct_platforms),
      );
      await page.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();

      const added = await system.live.ingest(30);
      assert.equal(added, 30);
      const after = await system.api<Window>('/v1/realtime/users');
      assert.equal(after.total_views, before.total_views + 30);
      await page
        .locator('[data-testid=live-views]', { hasText: exactly(int(after.total_views)) })
        .waitFor();
      assert.equal(
        await page.locator('[data-testid=live-users]').innerText(),
        int(after.distinct_users),
      );
      assert.ok((await paintedPixels(page, '#live-sparkline')) > 100, 'the sparkline is drawn');
      await screenshot(page, 'live');
    },
  },
];
