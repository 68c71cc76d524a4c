import assert from 'node:assert/strict';
import { cells, signIn, type E2eTest } from './harness';
import { money } from './format';
import { SEED_CLIENT } from './campaign-fixtures';

interface StreamRow {
  client: string;
  stream: string;
  state: string;
  currency: string;
  begin: string;
  end: string;
  'full-end': string;
  amount: string;
  times: number;
}

export const tests: E2eTest[] = [
  {
    name: 'looks up a client: stream periods, goals, participations, realizations and the explanation',
    async run({ system, newPage, screenshot }) {
      const streams = (
        await system.api<{ items: StreamRow[] }>(`/v1/clients/${SEED_CLIENT}/stream-data`)
      ).items;
      const realizations = (
        await system.api<{ items: { status: string; 'completed-goals': number[] }[] }>(
          `/v1/clients/${SEED_CLIENT}/campaign-realizations`,
        )
      ).items;
      const page = await newPage();
      await signIn(page, system.url);
      await page.getByRole('link', { name: 'Campaigns' }).click();
      await page.getByLabel('Client id').fill(SEED_CLIENT);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.locator('[data-testid=stream-data-table]').waitFor();

      const rows = await cells(page, '[data-testid=stream-data-table]');
      assert.deepEqual(
        rows,
        streams.map((r) => [
          r.client,
          r.stream,
          r.state,
          r.currency,
          r.begin,
          r.end,
          r['full-end'],
          money(r.amount),
          String(r.times),
        ]),
      );
      const shownRealizations = await cells(page, '[data-testid=campaign-realizations-table]');
      assert.deepEqual(
        shownRealizations.map((r) => [r[2], r[5]]),
        realizations.map((r) => [r.status, r['completed-goals'].join(', ')]),
      );
      assert.equal((await cells(page, '[data-testid=goal-realizations-table]')).length, 1);
      assert.equal((await cells(page, '[data-testid=participations-table]')).length, 1);

      const card = page.locator('article.explain[data-campaign="9001"]');
      await card.waitFor();
      const text = await card.innerText();
      assert.match(text, /period 2021-12-01 – 2021-12-31/);
      assert.match(text, /Not elapsed: no goal rule is fully met/);
      assert.match(text, /goal 102: not met — 685 of 1000 \(amount\), 315 missing/);
      assert.match(text, /ad-hoc goal 1101: not checked yet/);
      await screenshot(page, 'campaigns');

      await page.getByLabel('Client id').fill('nobody-here');
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.getByText('No data for client nobody-here.').waitFor();
    },
  },
];
