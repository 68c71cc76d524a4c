import type { AttributionModelId, AttributionResult, ChannelCredit } from '@tributary/schemas';
import { optionsFor } from '../domain/attribute';
import { allocateMinorUnits, formatMinorUnits, toMinorUnits } from '../domain/money';
import type { RunOptions } from '@tributary/attribution-store';
import { TOUCHES_TABLE, type JourneyCounts, type TouchTable } from './journey-touches';

export const SQL_MODELS = [
  'first_touch',
  'last_touch',
  'linear',
  'position_based',
  'time_decay',
] as const;
export type SqlModelId = (typeof SQL_MODELS)[number];

export function isSqlModel(model: AttributionModelId): model is SqlModelId {
  return (SQL_MODELS as readonly string[]).includes(model);
}

/** Each model's weight of touch `idx` of `n` (1-based) as SQL; they sum to 1 per journey. */
function weightSql(
  model: SqlModelId,
  options: RunOptions,
  param: (value: number) => string,
): string {
  switch (model) {
    case 'first_touch':
      return '(idx = 1)::int::float8';
    case 'last_touch':
      return '(idx = n)::int::float8';
    case 'linear':
      return '1.0::float8 / n';
    case 'position_based': {
      const { first, middle, last } = options.position_weights;
      const ends = first + last;
      return `CASE WHEN n = 1 THEN 1::float8
        WHEN n = 2 THEN CASE WHEN idx = 1 THEN ${param(ends > 0 ? first / ends : 0.5)}
          ELSE ${param(ends > 0 ? last / ends : 0.5)} END
        WHEN idx = 1 THEN ${param(first)} WHEN idx = n THEN ${param(last)}
        ELSE ${param(middle)} / (n - 2) END`;
    }
    case 'time_decay': {
      // Shifted by the journey's nearest touch, as the TypeScript model, so old touches stay representable.
      const raw = `power(2::float8, -(days - dmin) / ${param(options.half_life)})`;
      return `${raw} / sum(${raw}) OVER (PARTITION BY jid)`;
    }
  }
}

function modelQuery(model: SqlModelId, options: RunOptions): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: number) => {
    values.push(value);
    return `$${values.length}::float8`;
  };
  const weight = weightSql(model, options, param);
  return {
    values,
    text: `WITH t AS (
        SELECT jid, revenue, channel, days,
          row_number() OVER (PARTITION BY jid ORDER BY pos) AS idx,
          count(*) OVER (PARTITION BY jid) AS n,
          min(days) OVER (PARTITION BY jid) AS dmin
        FROM ${TOUCHES_TABLE} WHERE converting),
      w AS (SELECT channel, revenue, ${weight} AS weight FROM t)
      SELECT channel, sum(weight)::float8 AS conversions, sum(revenue * weight::numeric)::text AS revenue
      FROM w GROUP BY channel`,
  };
}

/**
 * A rule-based model as SQL over the run's touches: credit per channel summed in PostgreSQL;
 * revenue then split in exact minor units over the channels by largest remainder, so channel
 * revenues add up to the total. `channels` lists every channel of the run (zero credit included).
 */
export async function runSqlModel(
  touches: TouchTable,
  model: SqlModelId,
  counts: JourneyCounts,
  channels: readonly string[],
): Promise<AttributionResult> {
  const query = modelQuery(model, touches.options);
  const { rows } = await touches.client.query<{
    channel: string;
    conversions: number;
    revenue: string;
  }>(query.text, query.values);
  const byChannel = new Map(rows.map((row) => [row.channel, row]));
  const names = [...new Set([...channels, ...byChannel.keys()])].sort();
  const scale = counts.revenue_scale;
  const totalMinor = toMinorUnits(counts.total_revenue, scale);
  const parts = allocateMinorUnits(
    totalMinor,
    names.map((name) => Number(byChannel.get(name)?.revenue ?? 0)),
  );
  const total = counts.converting;
  const credits: Record<string, ChannelCredit> = {};
  names.forEach((name, i) => {
    const conversions = byChannel.get(name)?.conversions ?? 0;
    credits[name] = {
      conversions,
      revenue: formatMinorUnits(parts[i]!, scale),
      share: total > 0 ? conversions / total : 0,
    };
  });
  return {
    model,
    options: optionsFor(model, {
      transforms: [...touches.options.transforms],
      lookback_steps: touches.options.lookback_steps ?? 0,
      order: touches.options.order,
      half_life: touches.options.half_life,
      position_weights: touches.options.position_weights,
    }),
    total_conversions: total,
    total_revenue: formatMinorUnits(totalMinor, scale),
    channels: credits,
  };
}
