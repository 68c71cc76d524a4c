import { describeError, getJson, isNotFound } from '../api';
import { Chart, PALETTE } from '../charts';
import { empty, failure, h, loading, show, table } from '../dom';
import { fmtAmount, fmtMoney, fmtNum, fmtPct, fmtTime } from '../format';
import type { AttributionResults, AttributionRun, ModelResult, ModelsAnswer } from '../types';
import {
  analyticsSections,
  errorBarPlugin,
  intervalOf,
  overlapNote,
  type ErrorBars,
} from './attribution-analytics';
import { runDetails } from './attribution-run';
import type { View } from './view';

type Metric = 'share' | 'conversions' | 'revenue';
const METRICS: Record<Metric, string> = {
  share: 'Share of conversions',
  conversions: 'Attributed conversions',
  revenue: 'Attributed revenue',
};
const currencyLabel = (currency: string | undefined) => currency ?? 'mixed currencies';
const metricLabel = (metric: Metric, currency: string | undefined) =>
  metric === 'revenue' ? `${METRICS.revenue} (${currencyLabel(currency)})` : METRICS[metric];
/** The run's reporting currency: every result of one run carries the same one. */
const runCurrency = (answer: AttributionResults): string | undefined =>
  answer.run.options.currency ?? Object.values(answer.results)[0]?.currency;

const valueOf = (result: ModelResult, channel: string, metric: Metric): number => {
  const credit = result.channels[channel];
  if (!credit) return 0;
  return metric === 'revenue' ? Number(credit.revenue) : credit[metric];
};

export const attributionView: View = (container) => {
  let chart: { destroy(): void } | undefined;
  let stopped = false;
  const results = h(
    'section',
    { 'aria-labelledby': 'attr-results-h' },
    h('h2', { id: 'attr-results-h' }, 'Attribution by channel'),
    loading('attribution results'),
  );
  const history = h(
    'section',
    { 'aria-labelledby': 'attr-runs-h' },
    h('h2', { id: 'attr-runs-h' }, 'Run history'),
    loading('run history'),
  );
  show(container, results, history);

  // The latest run, or a past one opened from the run history (GET .../results?run_id=).
  const loadResults = async (runId?: string) => {
    try {
      const query = runId === undefined ? '' : `?run_id=${encodeURIComponent(runId)}`;
      const [answer, models] = await Promise.all([
        getJson<AttributionResults>(`/v1/attribution/results${query}`),
        getJson<ModelsAnswer>('/v1/attribution/models'),
      ]);
      if (stopped) return;
      chart?.destroy();
      chart = renderResults(results, answer, models.smart, runId !== undefined);
    } catch (error) {
      if (stopped) return;
      const heading = results.firstElementChild;
      if (isNotFound(error))
        show(
          results,
          heading,
          empty(
            runId === undefined
              ? 'No attribution run has succeeded yet. Runs happen nightly, or start one with POST /v1/attribution/runs.'
              : `Run ${runId} has no results.`,
          ),
        );
      else
        show(
          results,
          heading,
          failure(`Could not load attribution results: ${describeError(error)}`),
        );
    }
  };
  void loadResults();

  void (async () => {
    const heading = history.firstElementChild;
    try {
      // The first page of the run history (newest first): twenty runs are the table.
      const { items: runs } = await getJson<{ items: AttributionRun[] }>(
        '/v1/attribution/runs?limit=20',
      );
      if (stopped) return;
      const open = (runId: string) => {
        results.scrollIntoView?.();
        void loadResults(runId);
      };
      show(
        history,
        heading,
        runs.length === 0 ? empty('No runs recorded yet.') : runsTable(runs, open),
      );
    } catch (error) {
      if (!stopped)
        show(history, heading, failure(`Could not load run history: ${describeError(error)}`));
    }
  })();

  return () => {
    stopped = true;
    chart?.destroy();
  };
};

function renderResults(
  section: HTMLElement,
  answer: AttributionResults,
  smart: string,
  past: boolean,
): { destroy(): void } | undefined {
  const heading = section.firstElementChild;
  const currency = runCurrency(answer);
  const models = Object.keys(answer.results);
  if (models.length === 0) {
    show(section, heading, empty('The latest run has no model results.'));
    return undefined;
  }
  const channels = [
    ...new Set(models.flatMap((m) => Object.keys(answer.results[m]?.channels ?? {}))),
  ].sort();

  const picker = h(
    'select',
    { id: 'model-picker' },
    h('option', { value: 'all' }, 'All models side by side'),
    ...models.map((m) => h('option', { value: m }, m === smart ? `${m} (smart)` : m)),
  );
  const metric = h(
    'select',
    { id: 'metric-picker' },
    ...(Object.keys(METRICS) as Metric[]).map((value) =>
      h('option', { value }, metricLabel(value, currency)),
    ),
  );
  const controls = h(
    'div',
    { class: 'controls' },
    h('label', { for: 'model-picker' }, 'Model'),
    picker,
    h('label', { for: 'metric-picker' }, 'Measure'),
    metric,
  );
  const canvas = h('canvas', {
    id: 'attribution-chart',
    role: 'img',
    'aria-label': 'Grouped bar chart of attribution per channel and model',
  });
  const detail = h('div', { id: 'model-detail' });
  const overlap = h('div', { id: 'overlap' });
  const analytics = analyticsSections(models, answer.run.run_id, smart);
  show(
    section,
    heading,
    past
      ? h(
          'p',
          { class: 'note', 'data-testid': 'past-run' },
          `Results of past run ${answer.run.run_id}.`,
        )
      : null,
    runDetails(answer.run),
    controls,
    h('div', { class: 'chart-box' }, canvas),
    overlap,
    detail,
    smartPanel(answer, smart),
    analytics.element,
  );

  let bars: ErrorBars = [];

  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: channels, datasets: [] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { position: 'bottom' } },
      scales: { y: { beginAtZero: true } },
    },
    plugins: [errorBarPlugin(() => bars)],
  });
  const redraw = () => {
    const chosen = picker.value === 'all' ? models : [picker.value];
    const m = metric.value as Metric;
    chart.data.datasets = chosen.map((model) => {
      const index = models.indexOf(model);
      const isSmart = model === smart;
      return {
        label: isSmart ? `${model} (smart)` : model,
        data: channels.map((c) => valueOf(answer.results[model] as ModelResult, c, m)),
        backgroundColor: PALETTE[index % PALETTE.length] ?? '#64748b',
        borderColor: isSmart ? '#111827' : 'transparent',
        borderWidth: isSmart ? 2 : 0,
      };
    });
    // Whiskers for the data-driven models' bootstrap intervals; the axis makes room for them.
    bars = chosen.map((model) =>
      channels.map((c) => intervalOf(answer.results[model] as ModelResult, c, m)),
    );
    const highest = Math.max(0, ...bars.flat().map((b) => b?.[1] ?? 0));
    const yScale = chart.options.scales?.y;
    if (yScale) {
      yScale.ticks = { callback: (v) => (m === 'share' ? fmtPct(Number(v)) : fmtNum(Number(v))) };
      yScale.suggestedMax = highest > 0 ? highest : undefined;
    }
    chart.update();
    const shown = picker.value === 'all' ? smart : picker.value;
    show(overlap, overlapNote(shown, answer.results[shown]));
    canvas.setAttribute(
      'aria-label',
      `${metricLabel(m, currency)} per channel for ${chosen.join(', ')}; the table below lists the figures`,
    );
    show(detail, modelTable(picker.value === 'all' ? smart : picker.value, answer, channels));
  };
  picker.addEventListener('change', redraw);
  metric.addEventListener('change', redraw);
  redraw();
  return {
    destroy: () => {
      chart.destroy();
      analytics.destroy();
    },
  };
}

function modelTable(model: string, answer: AttributionResults, channels: string[]): HTMLElement {
  const result = answer.results[model];
  if (!result) return empty(`No result for ${model}.`);
  const currency = result.currency ?? runCurrency(answer);
  const code = currencyLabel(currency);
  const rows = channels.map((channel) => ({ channel, credit: result.channels[channel] }));
  const withSpend = result.total_cost !== undefined;
  const withCi = Object.values(result.channels).some((c) => c.ci);
  const level = result.bootstrap ? fmtPct(result.bootstrap.level).replace('.0%', '%') : '';
  return table(
    `${model}: ${fmtNum(result.total_conversions)} conversions, revenue ${fmtAmount(result.total_revenue, currency)}`,
    [
      { label: 'Channel', value: (r) => r.channel },
      { label: 'Conversions', value: (r) => fmtNum(r.credit?.conversions ?? 0), numeric: true },
      {
        label: `Revenue (${code})`,
        value: (r) => fmtAmount(r.credit?.revenue ?? '0', currency),
        numeric: true,
      },
      { label: 'Share', value: (r) => fmtPct(r.credit?.share ?? 0), numeric: true },
      ...(withCi
        ? [
            {
              label: `Conversions, ${level} interval`,
              value: (r: (typeof rows)[number]) =>
                r.credit?.ci
                  ? `${fmtNum(r.credit.ci.conversions.ci_low)} – ${fmtNum(r.credit.ci.conversions.ci_high)}`
                  : '—',
              numeric: true,
            },
            {
              label: `Revenue, ${level} interval (${code})`,
              value: (r: (typeof rows)[number]) =>
                r.credit?.ci
                  ? `${fmtMoney(r.credit.ci.revenue.ci_low)} – ${fmtMoney(r.credit.ci.revenue.ci_high)}`
                  : '—',
              numeric: true,
            },
          ]
        : []),
      ...(withSpend
        ? [
            {
              label: `Cost (${code})`,
              value: (r: (typeof rows)[number]) => fmtAmount(r.credit?.cost ?? '0', currency),
              numeric: true,
            },
            {
              label: `ROAS (${code} revenue per ${code} of cost)`,
              value: (r: (typeof rows)[number]) =>
                r.credit?.roas === undefined || r.credit.roas === null
                  ? '—'
                  : fmtNum(r.credit.roas),
              numeric: true,
            },
            {
              label: `CPA (${code} of cost per conversion)`,
              value: (r: (typeof rows)[number]) =>
                r.credit?.cpa === undefined || r.credit.cpa === null
                  ? '—'
                  : fmtAmount(r.credit.cpa, currency),
              numeric: true,
            },
          ]
        : []),
    ],
    rows,
    'model-table',
  );
}

function smartPanel(answer: AttributionResults, smart: string): HTMLElement {
  const result = answer.results[smart];
  const lastTouch = answer.results.last_touch;
  const title = h('h3', { id: 'smart-h' }, `Data-driven model: ${smart}`);
  if (!result)
    return h(
      'section',
      { class: 'smart', 'aria-labelledby': 'smart-h' },
      title,
      empty(`The latest run has no ${smart} result.`),
    );
  const channels = Object.keys(result.channels).sort(
    (a, b) => (result.channels[b]?.share ?? 0) - (result.channels[a]?.share ?? 0),
  );
  const removal = (c: string) => result.channels[c]?.removal_effect ?? result.removal_effects?.[c];
  const note = result.markov
    ? h(
        'p',
        {},
        `Markov chain over ${result.markov.states} states and ${result.markov.transitions} transitions; conversion probability ${fmtPct(result.markov.conversion_probability)}.`,
      )
    : null;
  return h(
    'section',
    { class: 'smart', 'aria-labelledby': 'smart-h', 'data-testid': 'smart-panel' },
    title,
    h(
      'p',
      {},
      "Credit from each channel's removal effect: how much the conversion probability drops without it. Compared with last touch, it shows which channels open and carry journeys.",
    ),
    note,
    table(
      `${smart} removal effects and share, against last touch`,
      [
        { label: 'Channel', value: (c) => c },
        {
          label: 'Removal effect',
          value: (c) => {
            const r = removal(c);
            return r === undefined ? '—' : fmtPct(r);
          },
          numeric: true,
        },
        {
          label: `Share (${smart})`,
          value: (c) => fmtPct(result.channels[c]?.share ?? 0),
          numeric: true,
        },
        {
          label: 'Share (last touch)',
          value: (c) => (lastTouch ? fmtPct(lastTouch.channels[c]?.share ?? 0) : '—'),
          numeric: true,
        },
        {
          label: 'Difference',
          value: (c) => {
            if (!lastTouch) return '—';
            const diff = (result.channels[c]?.share ?? 0) - (lastTouch.channels[c]?.share ?? 0);
            return `${diff > 0 ? '+' : diff < 0 ? '−' : ''}${fmtPct(Math.abs(diff))}`;
          },
          numeric: true,
        },
      ],
      channels,
      'smart-table',
    ),
  );
}

function runsTable(runs: AttributionRun[], open: (runId: string) => void): HTMLElement {
  return table(
    'Attribution runs, newest first',
    [
      { label: 'Started', value: (r) => fmtTime(r.started_at) },
      { label: 'Finished', value: (r) => fmtTime(r.finished_at) },
      { label: 'Status', value: (r) => h('span', { class: `badge ${r.status}` }, r.status) },
      { label: 'Trigger', value: (r) => r.trigger },
      { label: 'Window', value: (r) => `${r.options.date_from} – ${r.options.date_to}` },
      { label: 'Models', value: (r) => r.options.models.join(', '), wrap: true },
      {
        label: 'Journeys',
        value: (r) => (r.diagnostics ? fmtNum(r.diagnostics.journeys) : '—'),
        numeric: true,
      },
      {
        label: 'Run id',
        value: (r) => {
          if (r.status !== 'succeeded') return h('code', {}, r.run_id);
          const button = h(
            'button',
            { type: 'button', class: 'link', 'data-testid': 'open-run', 'data-run-id': r.run_id },
            h('code', {}, r.run_id),
          );
          button.addEventListener('click', () => open(r.run_id));
          return button;
        },
      },
    ],
    runs,
    'runs-table',
  );
}
