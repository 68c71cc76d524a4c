import type { DayCredit } from '@tributary/attribution-store';
import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { AttributionError } from '../attribution-error';
import type { PathSummary } from '../path-summary';

export interface DaySummary {
  readonly day: string;
  readonly summary: PathSummary;
}

/**
 * Each day's conversions attributed with their own journeys' touches: the model runs on the
 * summary of that day's journeys (conversions of the day, non-converting paths that started
 * that day). Days without any journey are left out; a model that cannot run on a day (e.g.
 * time_decay without days) leaves that day out too. Path-level models are additive over rows,
 * so their days add up to the window's figure; markov and fractribution re-estimate per day.
 */
export function dailyTrend(
  days: readonly DaySummary[],
  model: (summary: PathSummary, options: AttributionOptions) => AttributionResult,
  options: AttributionOptions,
): DayCredit[] {
  const trend: DayCredit[] = [];
  for (const { day, summary } of days) {
    if (!summary.rows.some((row) => row.conversions > 0)) continue;
    let result: AttributionResult;
    try {
      result = model(summary, options);
    } catch (error) {
      if (error instanceof AttributionError) continue;
      throw error;
    }
    const channels: Record<string, { conversions: number; revenue: string }> = {};
    for (const [name, credit] of Object.entries(result.channels)) {
      if (credit.conversions > 0)
        channels[name] = { conversions: credit.conversions, revenue: credit.revenue };
    }
    trend.push({
      day,
      total_conversions: result.total_conversions,
      total_revenue: result.total_revenue,
      channels,
    });
  }
  return trend.sort((a, b) => a.day.localeCompare(b.day));
}
