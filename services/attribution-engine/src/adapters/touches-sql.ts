import type { RunOptions } from '@tributary/attribution-store';
import { currencyMinorUnits } from '@tributary/schemas';
import { parsePathTransform, type PathTransform } from '../domain/path-transform';

export interface SqlQuery {
  readonly text: string;
  readonly values: unknown[];
}

const COLS = 'jid, converting, revenue, pos, token, channel, days';

/** The rate of a journey's order currency into the reporting currency ($5) on its local date. */
export const FX_JOIN = `LEFT JOIN fx_rates fx ON fx.from_currency = cj.currency
      AND fx.to_currency = $5::text
      AND fx.rate_date = (cj.converted_at AT TIME ZONE $3::text)::date`;

/*
 * One CTE per step of the transform chain over touches (jid, pos, token, channel, days). `pos`
 * keeps the original order; a step only drops touches or relabels them, as the TypeScript
 * transforms do (the kept touch of a merged run is its first, with its own days).
 */
function stepSql(step: PathTransform, from: string, param: (value: unknown) => string): string {
  switch (step.kind) {
    case 'unique':
      return `SELECT ${COLS} FROM ${from}`;
    case 'exposure':
      return `SELECT ${COLS} FROM (SELECT *, lag(token) OVER (PARTITION BY jid ORDER BY pos) AS prev
        FROM ${from}) x WHERE prev IS DISTINCT FROM token`;
    case 'first':
      return `SELECT ${COLS} FROM (SELECT *, row_number() OVER (PARTITION BY jid, token ORDER BY pos) AS rn
        FROM ${from}) x WHERE rn = 1`;
    case 'frequency':
      return `SELECT jid, converting, revenue, pos, token || '(' || n || ')' AS token, channel, days
        FROM (SELECT *, row_number() OVER (PARTITION BY jid, token ORDER BY pos) AS rn,
          count(*) OVER (PARTITION BY jid, token) AS n FROM ${from}) x WHERE rn = 1`;
    case 'remove-if-not-all': {
      const ch = param(step.channel);
      return `SELECT ${COLS} FROM (SELECT *, bool_and(token = ${ch}) OVER (PARTITION BY jid) AS all_target
        FROM ${from}) x WHERE token <> ${ch} OR all_target`;
    }
    case 'remove-if-last-and-not-all': {
      const ch = param(step.channel);
      return `SELECT ${COLS} FROM (SELECT *, max(pos) FILTER (WHERE token <> ${ch})
        OVER (PARTITION BY jid) AS last_other FROM ${from}) x
        WHERE last_other IS NULL OR pos <= last_other`;
    }
    case 'lookback-steps':
      return `SELECT ${COLS} FROM (SELECT *, row_number() OVER (PARTITION BY jid ORDER BY pos DESC) AS back
        FROM ${from}) x WHERE back <= ${param(step.steps)}`;
  }
}

/**
 * The touches of the run's journeys, transformed: converting journeys converted in the window
 * (inclusive dates in the run's time zone) and non-converting paths whose window starts in it;
 * touches older than `lookback_days` before the conversion (for a non-converting path: before its
 * last touch) are dropped. Days before conversion are fractional days. Revenue is cut to 6
 * decimals, the most the domain splits exactly.
 */
export function touchesSql(options: RunOptions): SqlQuery {
  const values: unknown[] = [
    options.date_from,
    options.date_to,
    options.time_zone,
    options.lookback_days ?? null,
    options.currency ?? null,
    currencyMinorUnits(options.currency ?? 'XXX'),
  ];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}::${typeof value === 'number' ? 'int' : 'text'}`;
  };
  const token =
    options.dimension === 'campaign'
      ? `coalesce(t.tp->>'campaign', 'not-set')`
      : `t.tp->>'channel'`;
  // Revenue in the run's reporting currency: as stored when the order used it, else converted
  // at the rate of the local conversion date and rounded half away from zero to the currency's
  // minor units; no rate gives NULL, so the journey still converts but adds no revenue. Runs
  // without a currency (made before it existed) sum revenue as stored.
  const revenue = `CASE WHEN $5::text IS NULL OR cj.currency = $5::text
      THEN round(cj.revenue, least(scale(cj.revenue), 6))
      ELSE round(cj.revenue * fx.rate, $6::int) END`;
  const lo = `($1::date::timestamp AT TIME ZONE $3::text)`;
  const hi = `(($2::date + 1)::timestamp AT TIME ZONE $3::text)`;
  const base = `
  journeys AS (
    SELECT cj.journey_id AS jid, true AS converting, ${revenue} AS revenue,
      cj.converted_at AS end_at, cj.touchpoints
    FROM customer_journeys cj ${FX_JOIN}
    WHERE cj.converted_at >= ${lo} AND cj.converted_at < ${hi}
    UNION ALL
    SELECT path_id, false, NULL::numeric, (touchpoints->-1->>'occurred_at')::timestamptz, touchpoints
    FROM non_converting_paths WHERE window_start >= ${lo} AND window_start < ${hi}
  ),
  s0 AS (
    SELECT j.jid, j.converting, j.revenue, t.pos::int AS pos, ${token} AS token, ${token} AS channel,
      extract(epoch FROM j.end_at - (t.tp->>'occurred_at')::timestamptz)::float8 / 86400 AS days
    FROM journeys j CROSS JOIN LATERAL jsonb_array_elements(j.touchpoints) WITH ORDINALITY AS t(tp, pos)
    WHERE $4::int IS NULL OR (t.tp->>'occurred_at')::timestamptz >= j.end_at - $4::int * interval '1 day'
  )`;
  const chain: PathTransform[] = options.lookback_steps
    ? [{ kind: 'lookback-steps', steps: options.lookback_steps }]
    : [];
  chain.push(...options.transforms.map(parsePathTransform));
  const ctes = chain.map((step, i) => `s${i + 1} AS (${stepSql(step, `s${i}`, param)})`);
  const text = `WITH ${[base, ...ctes].join(',\n  ')}\nSELECT ${COLS} FROM s${chain.length}`;
  return { text, values };
}
