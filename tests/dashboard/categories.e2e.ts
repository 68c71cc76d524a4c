import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { cells, signIn, type E2eTest } from './harness';
import { int } from './format';
import { VIEWER_KEY } from './system';

interface Runs {
  items: { hour: string }[];
}
interface Conversion {
  rows: {
    category_id: string;
    viewers: number;
    buyers: number;
    purchase_view_ratio: string | null;
  }[];
}
interface TopViewed {
  rows: { category_id: string; rank: number; product_id: string; distinct_viewers: number }[];
}

export const tests: E2eTest[] = [
  {
    name: 'shows each hour the API has: ratios, per-category top 10 tables and the CSV files',
    async run({ system, newPage, screenshot }) {
      const { items: runs } = await system.api<Runs>('/v1/reports/categories');
      assert.ok(runs.length >= 2, 'the seed stored two hours');
      const page = await newPage();
      await signIn(page, system.url);
      await page.getByRole('link', { name: 'Categories' }).click();
      await page.locator('#hour-picker').waitFor();
      const hours = await page
        .locator('#hour-picker option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
      assert.deepEqual(
        hours,
        runs.map((r) => r.hour),
      );

      for (const hour of hours.slice(0, 2)) {
        await page.locator('#hour-picker').selectOption(hour);
        const conversion = await system.api<Conversion>(
          `/v1/reports/categories/${hour}/conversion`,
        );
        const viewed = await system.api<TopViewed>(`/v1/reports/categories/${hour}/top-viewed`);
        await page
          .locator(`[data-testid=csv-conversion][href$="/${hour}/conversion.csv"]`)
          .waitFor();
        const shown = await cells(page, '[data-testid=conversion-table]');
        assert.deepEqual(
          shown,
          conversion.rows.map((r) => [
            r.category_id,
            int(r.viewers),
            int(r.buyers),
            r.purchase_view_ratio ?? '—',
          ]),
        );

        const first = viewed.rows[0];
        assert.ok(first);
        await page.locator('#category-picker').selectOption(first.category_id);
        const section = `section[data-category="${first.category_id}"]`;
        const expected = viewed.rows.filter((r) => r.category_id === first.category_id);
        const ratio = conversion.rows.find(
          (r) => r.category_id === first.category_id,
        )?.purchase_view_ratio;
        assert.equal(await page.locator(`${section} .ratio`).innerText(), `ratio ${ratio ?? '—'}`);
        assert.ok(expected.length <= 10);
        const tableRows = await cells(page, `${section} [data-testid=top-viewed]`);
        assert.deepEqual(
          tableRows.map((r) => [r[0], r[1], r[2]]),
          expected.map((r) => [String(r.rank), r.product_id, int(r.distinct_viewers)]),
        );
      }

      const hour = hours[0] ?? '';
      await page.locator('#hour-picker').selectOption(hour);
      const link = page.locator(`[data-testid=csv-top-viewed][href$="/${hour}/top-viewed.csv"]`);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const file = await readFile(await download.path(), 'utf8');
      const direct = await fetch(`${system.url}/v1/reports/categories/${hour}/top-viewed.csv`, {
        headers: { 'x-api-key': VIEWER_KEY },
      });
      assert.equal(file, await direct.text());
      await screenshot(page, 'categories');
    },
  },
];
