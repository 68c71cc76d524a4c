import type { Plugin } from 'chart.js';
import { describeError, getJson, isNotFound } from '../api';
import { Chart, PALETTE } from '../charts';
import { empty, failure, h, loading, show, table } from '../dom';
import { fmtAmount, fmtNum, fmtPct } from '../format';
import type { CompareAnswer, HeldOutReport, ModelResult, TrendAnswer } from '../types';
import { truthSection } from './attribution-truth';

/** Per dataset, per bar: [low, high] of the interval to draw, or null for none. */
export type ErrorBars = ([number, number] | null)[][];

/** Draws each bar's interval as a whisker with caps over the bar (Chart.js has none built in). */
export function errorBarPlugin(bars: () => ErrorBars): Plugin<'bar'> {
  return {
    id: 'errorBars',
    afterDatasetsDraw(chart) {
      const y = chart.scales.y;
      if (!y) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#111827';
      ctx.lineWidth = 1.5;
      bars().forEach((intervals, d) => {
        const meta = chart.getDatasetMeta(d);
        if (meta.hidden) return;
        meta.data.forEach((bar, i) => {
          const interval = intervals[i];
          if (!interval) return;
          const x = bar.x;
          const low = y.getPixelForValue(interval[0]);
          const high = y.getPixelForValue(interval[1]);
          ctx.beginPath();
          ctx.moveTo(x, low);
          ctx.lineTo(x, high);
          ctx.moveTo(x - 5, low);
          ctx.lineTo(x + 5, low);
          ctx.moveTo(x - 5, high);
          ctx.lineTo(x + 5, high);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
}

/**
 * The interval of one channel's credit in the chart's measure: conversions, revenue, or the
 * share (the conversion interval over the model's total).
 */
export function intervalOf(
  result: ModelResult,
  channel: string,
  metric: 'share' | 'conversions' | 'revenue',
): [number, number] | null {
  const ci = result.channels[channel]?.ci;
  if (!ci) return null;
  if (metric === 'revenue') return [Number(ci.revenue.ci_low), Number(ci.revenue.ci_high)];
  if (metric === 'conversions') return [ci.conversions.ci_low, ci.conversions.ci_high];
  const total = result.total_conversions;
  return total > 0 ? [ci.conversions.ci_low / total, ci.conversions.ci_high / total] : null;
}

/** What the intervals say about the channels' order, in words. */
export function overlapNote(model: string, result: ModelResult | undefined): HTMLElement | null {
  const boot = result?.bootstrap;
  if (!boot) return null;
  const level = fmtPct(boot.level).replace('.0%', '%');
  const pairs = boot.overlapping_pairs;
  const text =
    pairs.length === 0
      ? `${model}: no two channels' ${level} intervals overlap, so the data establishes their order.`
      : `${model}: the ${level} intervals of ${pairs.map(([a, b]) => `${a} and ${b}`).join('; ')} overlap — their order is not established by the data.`;
  return h(
    'p',
    { class: 'note', 'data-testid': 'overlap-note' },
    text,
    ` (bootstrap over journeys, ${boot.replicates} replicates, seed ${boot.seed}.)`,
  );
}

const signed = (n: number, format: (v: number) => string) =>
  `${n > 0 ? '+' : n < 0 ? '−' : ''}${format(Math.abs(n))}`;

/** Trends, model comparison, held-out check and (demo data only) the truth table of a run. */
export function analyticsSections(
  models: string[],
  runId: string,
  smart: string,
): { element: HTMLElement; destroy: () => void } {
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({ ...extra, run_id: runId }).toString();
  let trendChart: Chart | undefined;
  let stopped = false;

  // Trends: one line per channel over the run's days.
  const trendModel = h(
    'select',
    { id: 'trend-model' },
    ...models.map((m) => h('option', { value: m, selected: m === smart }, m)),
  );
  const trendMetric = h(
    'select',
    { id: 'trend-metric' },
    h('option', { value: 'conversions' }, 'Attributed conversions'),
    h('option', { value: 'revenue' }, 'Attributed revenue'),
  );
  const trendCanvas = h('canvas', {
    id: 'trend-chart',
    role: 'img',
    'aria-label': 'Line chart of attributed credit per channel and day',
  });
  const trendState = h('div', {});
  const trends = h(
    'section',
    { 'aria-labelledby': 'attr-trends-h', 'data-testid': 'trends' },
    h('h3', { id: 'attr-trends-h' }, 'Trends by day'),
    h(
      'div',
      { class: 'controls' },
      h('label', { for: 'trend-model' }, 'Model'),
      trendModel,
      h('label', { for: 'trend-metric' }, 'Measure'),
      trendMetric,
    ),
    h('div', { class: 'chart-box' }, trendCanvas),
    trendState,
  );
  const drawTrend = async () => {
    show(trendState, loading('trend'));
    try {
      const answer = await getJson<TrendAnswer>(
        `/v1/attribution/trends?${query({ model: trendModel.value })}`,
      );
      if (stopped) return;
      const metric = trendMetric.value as 'conversions' | 'revenue';
      const channels = [...new Set(answer.days.flatMap((d) => Object.keys(d.channels)))].sort();
      trendChart?.destroy();
      trendChart = new Chart(trendCanvas, {
        type: 'line',
        data: {
          labels: answer.days.map((d) => d.day),
          datasets: channels.map((channel, i) => ({
            label: channel,
            data: answer.days.map((d) => {
              const credit = d.channels[channel];
              return metric === 'revenue'
                ? Number(credit?.revenue ?? 0)
                : (credit?.conversions ?? 0);
            }),
            borderColor: PALETTE[i % PALETTE.length] ?? '#64748b',
            backgroundColor: PALETTE[i % PALETTE.length] ?? '#64748b',
            tension: 0.2,
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { position: 'bottom' } },
          scales: { y: { beginAtZero: true } },
        },
      });
      const unit =
        metric === 'revenue' ? `revenue (${answer.currency ?? 'mixed currencies'})` : 'conversions';
      trendCanvas.setAttribute(
        'aria-label',
        `Attributed ${unit} per channel and day for ${answer.model}, ${answer.days.length} days`,
      );
      show(
        trendState,
        answer.days.length === 0
          ? empty(`The run has no daily trend for ${answer.model}.`)
          : h(
              'p',
              { class: 'note', 'data-testid': 'trend-note' },
              `${answer.model}: attributed ${unit} of each day's conversions, credited with their own journeys' touches, ${answer.days[0]?.day} to ${answer.days.at(-1)?.day}.`,
            ),
      );
    } catch (error) {
      if (!stopped)
        show(
          trendState,
          isNotFound(error)
            ? empty('This run has no trends.')
            : failure(`Could not load the trend: ${describeError(error)}`),
        );
    }
  };
  trendModel.addEventListener('change', () => void drawTrend());
  trendMetric.addEventListener('change', () => void drawTrend());
  void drawTrend();

  // Two models side by side with the difference.
  const pick = (id: string, chosen: string) =>
    h('select', { id }, ...models.map((m) => h('option', { value: m, selected: m === chosen }, m)));
  const compareA = pick(
    'compare-a',
    models.includes('last_touch') ? 'last_touch' : (models[0] ?? ''),
  );
  const compareB = pick('compare-b', smart);
  const compareState = h('div', {});
  const compare = h(
    'section',
    { 'aria-labelledby': 'attr-compare-h', 'data-testid': 'compare' },
    h('h3', { id: 'attr-compare-h' }, 'Compare two models'),
    h(
      'div',
      { class: 'controls' },
      h('label', { for: 'compare-a' }, 'Model A'),
      compareA,
      h('label', { for: 'compare-b' }, 'Model B'),
      compareB,
    ),
    compareState,
  );
  const drawCompare = async () => {
    if (compareA.value === compareB.value) {
      show(compareState, empty('Pick two different models.'));
      return;
    }
    show(compareState, loading('comparison'));
    try {
      const answer = await getJson<CompareAnswer>(
        `/v1/attribution/compare?${query({ a: compareA.value, b: compareB.value })}`,
      );
      if (stopped) return;
      const currency = answer.currency ?? undefined;
      show(
        compareState,
        table(
          `${answer.b} against ${answer.a} per channel (difference = B − A)`,
          [
            { label: 'Channel', value: (r) => r.channel },
            { label: `Share (${answer.a})`, value: (r) => fmtPct(r.a.share), numeric: true },
            { label: `Share (${answer.b})`, value: (r) => fmtPct(r.b.share), numeric: true },
            {
              label: 'Share difference',
              value: (r) => signed(r.difference.share, fmtPct),
              numeric: true,
            },
            {
              label: 'Conversions difference',
              value: (r) => signed(r.difference.conversions, fmtNum),
              numeric: true,
            },
            {
              label: `Revenue difference (${currency ?? 'mixed currencies'})`,
              value: (r) => fmtAmount(r.difference.revenue, currency),
              numeric: true,
            },
          ],
          answer.channels,
          'compare-table',
        ),
      );
    } catch (error) {
      if (!stopped) show(compareState, failure(`Could not compare: ${describeError(error)}`));
    }
  };
  compareA.addEventListener('change', () => void drawCompare());
  compareB.addEventListener('change', () => void drawCompare());
  void drawCompare();

  // Held-out check: which data-driven model predicts conversion best on unseen journeys.
  const validationState = h('div', {}, loading('held-out check'));
  const validation = h(
    'section',
    { 'aria-labelledby': 'attr-validation-h', 'data-testid': 'validation' },
    h('h3', { id: 'attr-validation-h' }, 'Held-out check'),
    validationState,
  );
  void (async () => {
    try {
      const answer = await getJson<{ validation: HeldOutReport | null }>(
        `/v1/attribution/validation?${query({})}`,
      );
      if (stopped) return;
      const report = answer.validation;
      if (!report) {
        show(validationState, empty('This run has no held-out check (no data-driven model ran).'));
        return;
      }
      const rows = Object.entries(report.scores).sort(([, a], [, b]) => a.log_loss - b.log_loss);
      show(
        validationState,
        h(
          'p',
          {},
          `Fitted on ${fmtNum(report.train_journeys)} journeys (a seeded random ${fmtPct(1 - report.fraction)}), scored on the other ${fmtNum(report.test_journeys)}: how well each model's conversion probability predicts which unseen journeys convert. Lower log-loss and higher AUC are better. markov_auto uses order ${report.markov_auto_order}.`,
        ),
        table(
          'Held-out log-loss and AUC of predicted conversion, best first',
          [
            {
              label: 'Model',
              value: ([name]) =>
                name === `markov:${report.markov_auto_order}` ? `${name} (markov_auto)` : name,
            },
            { label: 'Log-loss', value: ([, s]) => s.log_loss.toFixed(4), numeric: true },
            { label: 'AUC', value: ([, s]) => s.auc.toFixed(3), numeric: true },
          ],
          rows,
          'validation-table',
        ),
      );
    } catch (error) {
      if (!stopped)
        show(
          validationState,
          failure(`Could not load the held-out check: ${describeError(error)}`),
        );
    }
  })();

  // Demo only: each model against the synthetic data's known truth (hidden without it).
  const truth = truthSection(runId, smart);

  return {
    element: h('div', { class: 'analytics' }, trends, compare, validation, truth.element),
    destroy: () => {
      stopped = true;
      truth.stop();
      trendChart?.destroy();
    },
  };
}
