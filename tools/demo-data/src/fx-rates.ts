/** One FX rate row as `load-fx-rates` reads it: 1 `from` = `rate` `to` on `date`. */
export interface DemoFxRate {
  from: string;
  to: string;
  date: string;
  rate: string;
}

/**
 * The pairs the demo's data needs: orders in USD and EUR reported in TRY (attribution), and
 * payments in USD aggregated into streams whose target is TRL (the seed's code for the lira).
 * Rates in 1/10,000 of the target currency, near late-2026 levels.
 */
const BASES: readonly { from: string; to: string; base: number }[] = [
  { from: 'USD', to: 'TRY', base: 412_500 },
  { from: 'EUR', to: 'TRY', base: 481_000 },
  { from: 'USD', to: 'TRL', base: 412_500 },
  { from: 'EUR', to: 'TRL', base: 481_000 },
];
const DAY_MS = 86_400_000;

/**
 * A rate for every pair and every date from `from` to `to` (inclusive, YYYY-MM-DD): the base plus
 * a small drift that depends on the date only, so a date always gets the same rate and two
 * dates usually differ (a conversion at the wrong date shows in the totals). Exact decimal text.
 */
export function demoFxRates(from: string, to: string): DemoFxRate[] {
  const first = Date.parse(`${from}T00:00:00Z`);
  const last = Date.parse(`${to}T00:00:00Z`);
  const rows: DemoFxRate[] = [];
  for (let day = first; day <= last; day += DAY_MS) {
    const date = new Date(day).toISOString().slice(0, 10);
    const drift = ((day / DAY_MS) * 37) % 200;
    for (const { from: source, to: target, base } of BASES) {
      const units = base + drift;
      rows.push({
        from: source,
        to: target,
        date,
        rate: `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`,
      });
    }
  }
  return rows;
}

export function fxRatesCsv(rows: readonly DemoFxRate[]): string {
  return `from,to,date,rate\n${rows.map((r) => `${r.from},${r.to},${r.date},${r.rate}`).join('\n')}\n`;
}
