import {
  publishRun,
  type AttributionRun,
  type DayCredit,
  type RunModelResult,
  type RunSnapshot,
} from '@tributary/attribution-store';
import type { Pool } from '@tributary/postgres';
import type { Redis } from '@tributary/redis';
import { ATTRIBUTION_MODEL_IDS, type AttributionModelId } from '@tributary/schemas';

const CHANNELS = ['Direct', 'Display', 'Email', 'Organic Search', 'Paid Search', 'Social'];
const TOTAL_CONVERSIONS = 1240;
const TOTAL_REVENUE_CENTS = 18_654_321;

// Relative weights per model: rule-based models favour closing channels, data-driven ones spread.
const WEIGHTS: Record<AttributionModelId, number[]> = {
  first_touch: [10, 14, 8, 26, 22, 20],
  last_touch: [30, 4, 18, 20, 24, 4],
  linear: [20, 9, 13, 22, 22, 14],
  position_based: [20, 10, 13, 23, 23, 11],
  time_decay: [25, 7, 15, 21, 23, 9],
  markov: [16, 11, 14, 22, 21, 16],
  shapley: [17, 10, 14, 23, 21, 15],
  fractribution: [18, 10, 13, 22, 22, 15],
};
const REMOVAL = [0.31, 0.22, 0.27, 0.44, 0.41, 0.33];
const DATA_DRIVEN: readonly AttributionModelId[] = ['markov', 'shapley', 'fractribution'];
// Spend per channel over the window (TRY), so the model table shows cost, ROAS and CPA.
const COST = ['0', '21000', '4500', '9000', '38000', '16500'];
const DAYS = Array.from({ length: 31 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);
const money = (cents: number) =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** A daily trend that sums to the window's credit: a weekly rhythm plus a slow drift per channel. */
function trendOf(channels: RunModelResult['channels']): DayCredit[] {
  const rhythm = DAYS.map((_, d) => 1 + 0.35 * Math.sin((2 * Math.PI * d) / 7));
  const sum = rhythm.reduce((a, b) => a + b, 0);
  return DAYS.map((day, d) => {
    const perChannel: Record<string, { conversions: number; revenue: string }> = {};
    let conversions = 0;
    let cents = 0;
    CHANNELS.forEach((channel, i) => {
      const credit = channels[channel];
      if (!credit) return;
      const weight = (rhythm[d]! / sum) * (1 + ((i % 3) - 1) * 0.3 * ((d - 15) / 15));
      const c = Math.round(credit.conversions * weight * 100) / 100;
      const r = Math.round(Number(credit.revenue) * 100 * weight);
      perChannel[channel] = { conversions: c, revenue: money(r) };
      conversions += c;
      cents += r;
    });
    return {
      day,
      total_conversions: conversions,
      total_revenue: money(cents),
      channels: perChannel,
    };
  });
}

function resultOf(model: AttributionModelId): RunModelResult {
  const weights = WEIGHTS[model];
  const sum = weights.reduce((a, b) => a + b, 0);
  const channels: RunModelResult['channels'] = {};
  CHANNELS.forEach((channel, i) => {
    const share = (weights[i] ?? 0) / sum;
    const cents = Math.round(TOTAL_REVENUE_CENTS * share);
    channels[channel] = {
      conversions: Math.round(TOTAL_CONVERSIONS * share * 100) / 100,
      revenue: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      share: Math.round(share * 1e6) / 1e6,
      ...(model === 'markov' ? { removal_effect: REMOVAL[i] } : {}),
    };
    const credit = channels[channel];
    const cost = Number(COST[i]);
    Object.assign(credit, {
      cost: COST[i],
      roas: cost > 0 ? Math.round((cents / 100 / cost) * 1e6) / 1e6 : null,
      cpa: cost > 0 ? (cost / credit.conversions).toFixed(2) : null,
    });
    if (DATA_DRIVEN.includes(model)) {
      // A bootstrap interval of about +-12% (wider for the small channels).
      const spread = 0.08 + 0.6 / Math.sqrt(credit.conversions);
      credit.ci = {
        conversions: {
          ci_low: Math.round(credit.conversions * (1 - spread) * 100) / 100,
          ci_high: Math.round(credit.conversions * (1 + spread) * 100) / 100,
        },
        revenue: {
          ci_low: money(Math.round(cents * (1 - spread))),
          ci_high: money(Math.round(cents * (1 + spread))),
        },
      };
    }
  });
  const overlapping: [string, string][] = [];
  for (let a = 0; a < CHANNELS.length; a++)
    for (let b = a + 1; b < CHANNELS.length; b++) {
      const x = channels[CHANNELS[a]!]?.ci?.conversions;
      const y = channels[CHANNELS[b]!]?.ci?.conversions;
      if (x && y && x.ci_low <= y.ci_high && y.ci_low <= x.ci_high)
        overlapping.push([CHANNELS[a]!, CHANNELS[b]!]);
    }
  return {
    model,
    options: model === 'markov' ? { order: 1 } : {},
    total_conversions: TOTAL_CONVERSIONS,
    total_revenue: '186543.21',
    currency: 'TRY',
    channels,
    total_cost: '89000',
    trend: trendOf(channels),
    ...(DATA_DRIVEN.includes(model)
      ? { bootstrap: { replicates: 200, level: 0.9, seed: 1, overlapping_pairs: overlapping } }
      : {}),
    ...(model === 'markov'
      ? {
          markov: {
            states: 8,
            transitions: 41,
            solver: 'dense-lu' as const,
            conversion_probability: 0.0734,
          },
        }
      : {}),
  };
}

const score = (log_loss: number, auc: number) => ({ log_loss, auc, journeys: 3426 });
const VALIDATION = {
  seed: 1,
  fraction: 0.2,
  train_journeys: 13_704,
  test_journeys: 3426,
  scores: {
    'markov:1': score(0.2541, 0.712),
    'markov:2': score(0.2488, 0.731),
    'markov:3': score(0.2493, 0.729),
    'markov:4': score(0.2519, 0.722),
    shapley: score(0.2602, 0.694),
    fractribution: score(0.2577, 0.703),
  },
  markov_auto_order: 2,
};

function runOf(
  id: string,
  startedAt: string,
  status: AttributionRun['status'],
  trigger: AttributionRun['trigger'],
  window = { date_from: '2026-01-01', date_to: '2026-01-31' },
): AttributionRun {
  const finished = new Date(Date.parse(startedAt) + 42_000).toISOString();
  return {
    run_id: id,
    trigger,
    status,
    options: {
      models: [...ATTRIBUTION_MODEL_IDS],
      ...window,
      time_zone: 'Europe/Istanbul',
      dimension: 'channel',
      currency: 'TRY',
      lookback_days: 30,
      transforms: ['unique'],
      half_life: 7,
      order: 1,
      position_weights: { first: 0.4, middle: 0.2, last: 0.4 },
    },
    options_key: `key-${id}`,
    started_at: startedAt,
    finished_at: finished,
    diagnostics:
      status === 'succeeded'
        ? {
            journeys: 1240,
            journeys_without_touches: 3,
            non_converting_paths: 15_890,
            distinct_paths: 758,
            ...window,
            channels: CHANNELS,
            runtime_ms: { total: 42_000 },
            failures: {},
            spend_loaded: true,
            validation: VALIDATION,
            currency: 'TRY',
            journeys_without_rate: 2,
            missing_rates: [{ currency: 'USD', day: window.date_to, count: 2 }],
          }
        : null,
    error:
      status === 'failed' ? { code: 'STORE_UNAVAILABLE', message: 'warehouse timed out' } : null,
  };
}

async function insertRun(
  pool: Pool,
  run: AttributionRun,
  results: RunSnapshot['results'],
): Promise<void> {
  await pool.query(
    `INSERT INTO attribution_runs (run_id, trigger, status, options, options_key, date_from, date_to, started_at, finished_at, diagnostics, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      run.run_id,
      run.trigger,
      run.status,
      run.options,
      run.options_key,
      run.options.date_from,
      run.options.date_to,
      run.started_at,
      run.finished_at,
      run.diagnostics,
      run.error,
    ],
  );
  for (const [model, result] of Object.entries(results)) {
    await pool.query(
      'INSERT INTO attribution_results (run_id, model, result, runtime_ms) VALUES ($1, $2, $3, 1)',
      [run.run_id, model, result],
    );
  }
}

/** Three runs in the warehouse (the newest succeeded one also in the Redis cache). */
export async function seedAttribution(redis: Redis, pool: Pool): Promise<RunSnapshot> {
  const results: RunSnapshot['results'] = {
    ...Object.fromEntries(ATTRIBUTION_MODEL_IDS.map((m) => [m, resultOf(m)])),
    markov_auto: {
      ...resultOf('markov'),
      options: { order: 2 },
      markov_auto: {
        order: 2,
        seed: 1,
        scores: Object.fromEntries(
          Object.entries(VALIDATION.scores).filter(([k]) => k.startsWith('markov:')),
        ),
      },
    },
  };
  const latest: RunSnapshot = {
    run: runOf('run-2026-02-01-nightly', '2026-02-01T01:00:00.000Z', 'succeeded', 'schedule'),
    results,
  };
  await insertRun(
    pool,
    runOf('run-2026-01-31-nightly', '2026-01-31T01:00:00.000Z', 'succeeded', 'schedule', {
      date_from: '2025-12-01',
      date_to: '2025-12-31',
    }),
    results,
  );
  await insertRun(
    pool,
    runOf('run-2026-01-31-adhoc', '2026-01-31T09:30:00.000Z', 'failed', 'http'),
    {},
  );
  await insertRun(pool, latest.run, results);
  await publishRun(redis, latest);
  return latest;
}
