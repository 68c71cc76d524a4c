import type { PoolClient } from '@tributary/postgres';
import { Decimal } from '../domain/decimal';
import { limitKeyText, type LimitKey } from '../domain/limit-keys';
import type { LimitUsage, Reservation } from '../domain/limit-usage';

type Db = Pick<PoolClient, 'query'>;

interface UsageRow {
  limit_key: string;
  amount: string;
  ratio: string;
  times: number;
  standalone: number;
}

export const limitStore = {
  load(db: Db, keys: readonly LimitKey[]): Promise<Map<string, LimitUsage>> {
    return limitStore.loadTexts(db, keys.map(limitKeyText));
  },

  /** Usage by key text; keys without a row are absent (nothing granted under them yet). */
  async loadTexts(db: Db, keys: readonly string[]): Promise<Map<string, LimitUsage>> {
    if (keys.length === 0) return new Map();
    const { rows } = await db.query<UsageRow>(
      'SELECT limit_key, amount, ratio, times, standalone FROM limit_usage WHERE limit_key = ANY($1)',
      [keys],
    );
    return new Map(
      rows.map((r) => [
        r.limit_key,
        {
          amount: new Decimal(r.amount),
          ratio: new Decimal(r.ratio),
          times: r.times,
          standalone: r.standalone,
        },
      ]),
    );
  },

  /**
   * Atomic reservation: the increment happens only if every cap still holds afterwards, checked
   * by the row-locking UPDATE itself, so parallel consumers can never overshoot. false = lost race.
   */
  async reserve(db: Db, reservation: Reservation): Promise<boolean> {
    const { key, delta, caps } = reservation;
    const text = limitKeyText(key);
    await db.query('INSERT INTO limit_usage (limit_key) VALUES ($1) ON CONFLICT DO NOTHING', [
      text,
    ]);
    const result = await db.query(
      `UPDATE limit_usage SET amount = amount + $2, ratio = ratio + $3, times = times + $4,
         standalone = standalone + $5
       WHERE limit_key = $1
         AND ($6::numeric IS NULL OR amount + $2 <= $6)
         AND ($7::numeric IS NULL OR ratio + $3 <= $7)
         AND ($8::integer IS NULL OR times + $4 <= $8)
         AND ($9::integer IS NULL OR standalone + $5 <= $9)`,
      [
        text,
        delta.amount.toFixed(),
        delta.ratio.toFixed(),
        delta.times,
        delta.standalone,
        caps.amount?.toFixed() ?? null,
        caps.ratio?.toFixed() ?? null,
        caps.times ?? null,
        caps.standalone ?? null,
      ],
    );
    return (result.rowCount ?? 0) > 0;
  },
};
