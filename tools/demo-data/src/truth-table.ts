import type { DemoTruth } from './generate';

/** A channel's true incremental contribution in the generated world. */
export interface TrueCredit {
  /** Orders caused by this channel's touches: each order is caused by exactly one touch. */
  readonly conversions: number;
  readonly share: number;
}

/**
 * The world's true credit per channel. The generator decides per touch whether it leads to an
 * order (with the channel's true effect), so every order has exactly one causing touch and its
 * channel is the order's true incremental source; removing the channel removes those orders.
 */
export function trueChannelCredit(
  truth: Pick<DemoTruth, 'touchConversion'>,
): Record<string, TrueCredit> {
  const total = Object.values(truth.touchConversion).reduce((sum, t) => sum + t.converted, 0);
  return Object.fromEntries(
    Object.entries(truth.touchConversion)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([channel, t]) => [
        channel,
        { conversions: t.converted, share: total > 0 ? t.converted / total : 0 },
      ]),
  );
}

export interface TruthRow {
  readonly channel: string;
  readonly true_share: number;
  /** Per model: its share of conversions and the error (model share - true share). */
  readonly models: Readonly<Record<string, { share: number; error: number }>>;
}

/**
 * Each model's share of conversions per channel next to the true share, with the error; and per
 * model the mean absolute error over the channels, so the models can be ranked against truth.
 */
export function truthTable(
  truth: Pick<DemoTruth, 'touchConversion'>,
  models: Readonly<Record<string, { channels: Readonly<Record<string, { share: number }>> }>>,
): { rows: TruthRow[]; mean_absolute_error: Record<string, number> } {
  const real = trueChannelCredit(truth);
  const rows = Object.entries(real).map(([channel, credit]) => ({
    channel,
    true_share: credit.share,
    models: Object.fromEntries(
      Object.entries(models).map(([model, result]) => {
        const share = result.channels[channel]?.share ?? 0;
        return [model, { share, error: share - credit.share }];
      }),
    ),
  }));
  const mean_absolute_error = Object.fromEntries(
    Object.keys(models).map((model) => [
      model,
      rows.length === 0
        ? 0
        : rows.reduce((sum, r) => sum + Math.abs(r.models[model]!.error), 0) / rows.length,
    ]),
  );
  return { rows, mean_absolute_error };
}
