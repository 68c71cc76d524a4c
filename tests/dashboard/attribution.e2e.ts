import assert from 'node:assert/strict';
import { cells, paintedPixels, signIn, type E2eTest } from './harness';
import { num, pct } from './format';

interface Credit {
  conversions: number;
  share: number;
  removal_effect?: number;
  ci?: { conversions: { ci_low: number; ci_high: number } };
}
interface Results {
  run: { run_id: string; options: { date_from: string; date_to: string } };
  results: Record<
    string,
    {
      channels: Record<string, Credit>;
      bootstrap?: { overlapping_pairs: [string, string][] };
    }
  >;
}
interface Truth {
  models: string[];
  channels: {
    channel: string;
    true_share: number;
    models: Record<string, { share: number; error: number }>;
  }[];
  mean_absolute_error: Record<string, number>;
}
/** The page's error format: signed percentage points with one decimal. */
const points = (error: number): string => {
  const text = Math.abs(error * 100).toFixed(1);
  return `${text === '0.0' ? '' : error > 0 ? '+' : '−'}${text} pp`;
};
interface Runs {
  items: { run_id: string; status: string }[];
}

export const tests: E2eTest[] = [
  {
    name: 'shows every model, the smart removal effects against last touch, the run and its history',
    async run({ system, newPage, screenshot }) {
      const [answer, { items: runs }] = await Promise.all([
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
  {
    name: 'shows intervals with an overlap note, ROAS and CPA, daily trends, a model comparison and the held-out check',
    async run({ system, newPage, screenshot }) {
      const answer = await system.api<Results>('/v1/attribution/results');
      const page = await newPage();
      await signIn(page, system.url);
      await page.locator('[data-testid=smart-table]').waitFor();

      // Intervals: the markov table lists each channel's 90% interval; the note names overlaps.
      await page.locator('#model-picker').selectOption('markov');
      await page.locator('[data-testid=model-table] caption', { hasText: 'markov' }).waitFor();
      const head = await page.locator('[data-testid=model-table] thead').innerText();
      assert.match(head, /Conversions, 90% interval/);
      assert.match(head, /ROAS/);
      assert.match(head, /CPA \(TRY of cost per conversion\)/);
      const markov = answer.results.markov?.channels ?? {};
      for (const row of await cells(page, '[data-testid=model-table]')) {
        const ci = markov[row[0] ?? '']?.ci;
        assert.ok(ci, `channel ${row[0]} has an interval`);
        assert.equal(row[4], `${num(ci.conversions.ci_low)} – ${num(ci.conversions.ci_high)}`);
      }
      const note = await page.locator('[data-testid=overlap-note]').innerText();
      const pairs = answer.results.markov?.bootstrap?.overlapping_pairs ?? [];
      assert.ok(pairs.length > 0, 'the seed has overlapping intervals');
      assert.match(note, new RegExp(`${pairs[0]![0]} and ${pairs[0]![1]}`));
      assert.match(note, /not established by the data/);
      assert.ok(
        (await paintedPixels(page, '#attribution-chart')) > 1000,
        'bars and whiskers drawn',
      );
      await page.locator('#metric-picker').selectOption('conversions');
      await screenshot(page, 'attribution-intervals');

      // Trends: the smart model's daily lines, then another model's.
      await page.locator('[data-testid=trend-note]').waitFor();
      assert.match(
        await page.locator('[data-testid=trend-note]').innerText(),
        /2026-01-01 to 2026-01-31/,
      );
      assert.ok((await paintedPixels(page, '#trend-chart')) > 1000, 'the trend chart is drawn');
      await page.locator('#trend-model').selectOption('linear');
      await page.locator('[data-testid=trend-note]', { hasText: 'linear' }).waitFor();

      // Comparison: last touch against markov, difference per channel.
      await page.locator('[data-testid=compare-table]').waitFor();
      const compared = await cells(page, '[data-testid=compare-table]');
      assert.equal(compared.length, Object.keys(markov).length);
      const last = answer.results.last_touch?.channels ?? {};
      for (const [channel, a, b] of compared) {
        assert.equal(a, pct(last[channel ?? '']?.share ?? NaN));
        assert.equal(b, pct(markov[channel ?? '']?.share ?? NaN));
      }

      // The held-out check, best model first, with the order markov_auto chose.
      await page.locator('[data-testid=validation-table]').waitFor();
      const scores = await cells(page, '[data-testid=validation-table]');
      assert.equal(scores[0]?.[0], 'markov:2 (markov_auto)');
      await page.locator('[data-testid=trends]').scrollIntoViewIfNeeded();
      await screenshot(page, 'attribution-analytics');
    },
  },
  {
    name: "shows each model's credit against the synthetic data's true share, best model first",
    async run({ system, newPage, screenshot }) {
      const truth = await system.api<Truth>('/v1/attribution/truth');
      const page = await newPage();
      await signIn(page, system.url);
      await page.locator('[data-testid=truth-table]').waitFor();
      assert.match(
        await page.locator('[data-testid=truth-note]').innerText(),
        /true share of the orders is known/,
      );

      const head = await page
        .locator('[data-testid=truth-table] thead th')
        .evaluateAll((ths) => ths.map((th) => (th.textContent ?? '').trim()));
      assert.deepEqual(head, ['Model', ...truth.channels.map((c) => c.channel), 'Mean abs. error']);
      const rows = await cells(page, '[data-testid=truth-table]');
      assert.deepEqual(rows[0], [
        'True share',
        ...truth.channels.map((c) => pct(c.true_share)),
        '',
      ]);
      // Direct caused no order in the truth: every model that credits it is off there.
      assert.equal(truth.channels.find((c) => c.channel === 'Direct')?.true_share, 0);
      const byError = [...truth.models].sort(
        (a, b) => truth.mean_absolute_error[a]! - truth.mean_absolute_error[b]!,
      );
      assert.deepEqual(
        rows.slice(1).map((r) => r[0]?.replace(' (smart)', '')),
        byError,
      );
      for (const row of rows.slice(1)) {
        const model = row[0]!.replace(' (smart)', '');
        truth.channels.forEach((c, i) => {
          const credit = c.models[model]!;
          assert.equal(
            row[i + 1],
            `${pct(credit.share)}${points(credit.error)}`,
            `${model} ${c.channel}`,
          );
        });
        assert.equal(row.at(-1), points(truth.mean_absolute_error[model]!).replace(/^\+/, ''));
      }
      assert.ok(
        rows.some((r) => r[0] === 'markov (smart)'),
        'the smart model is named',
      );
      await page.locator('[data-testid=truth]').scrollIntoViewIfNeeded();
      await screenshot(page, 'attribution-truth');
    },
  },
];
