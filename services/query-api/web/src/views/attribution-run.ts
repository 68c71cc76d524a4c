import { h } from '../dom';
import { fmtNum, fmtTime } from '../format';
import type { AttributionRun } from '../types';

/** The run the results come from: when, over which window, with which options. */
export function runDetails(run: AttributionRun): HTMLElement {
  const o = run.options;
  const weights = o.position_weights;
  const items: [string, string][] = [
    ['Run date', fmtTime(run.finished_at ?? run.started_at)],
    ['Conversions from', `${o.date_from} to ${o.date_to} (${o.time_zone})`],
    ['Trigger', run.trigger],
    ['Dimension', o.dimension],
    ['Reporting currency', o.currency ?? 'none (revenue summed as stored)'],
    [
      'Lookback',
      o.lookback_days === undefined ? 'since the previous purchase' : `${o.lookback_days} days`,
    ],
    ['Markov order', String(o.order)],
    ['Time-decay half-life', `${o.half_life} days`],
    ['Position weights', `${weights.first} / ${weights.middle} / ${weights.last}`],
    ['Transforms', o.transforms.length ? o.transforms.join(', ') : 'none'],
  ];
  if (run.diagnostics)
    items.push([
      'Journeys',
      `${fmtNum(run.diagnostics.journeys)} converting, ${fmtNum(run.diagnostics.non_converting_paths)} non-converting paths`,
    ]);
  const d = run.diagnostics;
  if (d?.journeys_without_rate) {
    const which = (d.missing_rates ?? []).map((m) => `${m.currency} ${m.day} (${m.count})`);
    items.push([
      'Without an FX rate',
      `${fmtNum(d.journeys_without_rate)} journeys counted as conversions, their revenue left out: ${which.join(', ')}`,
    ]);
  }
  if (d?.spend_without_rate?.length) {
    const which = d.spend_without_rate.map((m) => `${m.currency} ${m.day} (${m.count})`);
    items.push(['Spend without an FX rate', `left out of cost: ${which.join(', ')}`]);
  }
  return h(
    'dl',
    { class: 'run-details', 'data-testid': 'run-details', 'data-run-id': run.run_id },
    ...items.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}
