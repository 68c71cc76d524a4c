import assert from 'node:assert/strict';
import { cells, paintedPixels, signIn, type E2eTest } from './harness';
import { num, pct } from './format';

interface Credit {
  conversions: number;
  share: number;
  removal_effect?: number;
}
interface Results {
  run: { run_id: string; options: { date_from: string; date_to: string } };
  results: Record<string, { channels: Record<string, Credit> }>;
}
interface Runs {
  runs: { run_id: string; status: string }[];
}

export const tests: E2eTest[] = [
  {
    name: 'shows every model, the smart removal effects against last touch, the run and its history',
    async run({ system, newPage, screenshot }) {
      const [answer, { runs }] = await Promise.all([
        system.api<Results>('/v1/attribution/results'),
        system.api<Runs>('/v1/attribution/runs?limit=20'),
      ]);
      const page = await newPage();
      await signIn(page, system.url);
      await page.locator('[data-testid=smart-table]').waitFor();

      assert.equal(
        await page.locator('[data-testid=run-details]').getAttribute('data-run-id'),
        answer.run.run_id,
      );
      assert.match(
        await page.locator('[data-testid=run-details]').innerText(),
        new RegExp(`${answer.run.options.date_from} to ${answer.run.options.date_to}`),
      );

      const markov = answer.results.markov?.channels ?? {};
      const last = answer.results.last_touch?.channels ?? {};
      const smartRows = await cells(page, '[data-testid=smart-table]');
      assert.equal(smartRows.length, Object.keys(markov).length);
      for (const [channel, removal, share, lastShare] of smartRows) {
        const credit = markov[channel ?? ''];
        assert.ok(credit, `channel ${channel} is in the API answer`);
        assert.equal(removal, pct(credit.removal_effect ?? NaN));
        assert.equal(share, pct(credit.share));
        assert.equal(lastShare, pct(last[channel ?? '']?.share ?? NaN));
      }

      const models = await page
        .locator('#model-picker option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
      assert.deepEqual(models.slice(1).sort(), Object.keys(answer.results).sort());
      assert.ok(
        (await paintedPixels(page, '#attribution-chart')) > 1000,
        'the grouped bar chart is drawn',
      );

      await page.locator('#model-picker').selectOption('shapley');
      await page.locator('[data-testid=model-table] caption', { hasText: 'shapley' }).waitFor();
      const shapley = answer.results.shapley?.channels ?? {};
      for (const [channel, conversions, , share] of await cells(
        page,
        '[data-testid=model-table]',
      )) {
        assert.equal(conversions, num(shapley[channel ?? '']?.conversions ?? NaN));
        assert.equal(share, pct(shapley[channel ?? '']?.share ?? NaN));
      }
      await page.locator('#model-picker').selectOption('all');

      const history = await cells(page, '[data-testid=runs-table]');
      assert.deepEqual(
        history.map((row) => row.at(-1)),
        runs.map((r) => r.run_id),
      );
      assert.deepEqual(
        history.map((row) => row[2]),
        runs.map((r) => r.status),
      );
      // Every revenue figure names the run's one reporting currency.
      await page
        .locator('[data-testid=model-table] caption', { hasText: 'TRY 186,543.21' })
        .waitFor();
      assert.match(
        await page.locator('[data-testid=model-table] thead').innerText(),
        /Revenue \(TRY\)/,
      );
      assert.match(
        await page.locator('[data-testid=run-details]').innerText(),
        /Reporting currency\s+TRY[\s\S]*Without an FX rate\s+2 journeys/,
      );
      await screenshot(page, 'attribution');

      // The run history opens a past run's results (GET /v1/attribution/results?run_id=).
      const past = runs.find((r) => r.status === 'succeeded' && r.run_id !== answer.run.run_id);
      assert.ok(past, 'the seed has an older succeeded run');
      await page.locator(`[data-testid=open-run][data-run-id="${past.run_id}"]`).click();
      await page.locator(`[data-testid=run-details][data-run-id="${past.run_id}"]`).waitFor();
      assert.match(
        await page.locator('[data-testid=run-details]').innerText(),
        /2025-12-01 to 2025-12-31/,
      );
      await page.locator('[data-testid=past-run]').waitFor();
    },
  },
];
