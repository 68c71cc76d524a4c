import { Type, type Static } from '@sinclair/typebox';

/** The period a report covers: one clock hour, or a rolling span such as the last 24 hours. */
export const PeriodKind = Type.String({ pattern: '^(hour|last-[1-9][0-9]{0,2}h)$' });
export type PeriodKind = Static<typeof PeriodKind>;

export const REPORT_NAMES = ['top-viewed', 'top-purchased', 'conversion'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

const Instant = Type.String({ format: 'date-time' });

export const TopViewedRow = Type.Object({
  period_start: Instant,
  period_end: Instant,
  category_id: Type.String(),
  rank: Type.Integer({ minimum: 1 }),
  product_id: Type.String(),
  distinct_viewers: Type.Integer({ minimum: 0 }),
  views: Type.Integer({ minimum: 0 }),
});
export type TopViewedRow = Static<typeof TopViewedRow>;

export const TopPurchasedRow = Type.Object({
  period_start: Instant,
  period_end: Instant,
  category_id: Type.String(),
  rank: Type.Integer({ minimum: 1 }),
  product_id: Type.String(),
  distinct_buyers: Type.Integer({ minimum: 0 }),
  orders: Type.Integer({ minimum: 0 }),
  units: Type.Integer({ minimum: 0 }),
});
export type TopPurchasedRow = Static<typeof TopPurchasedRow>;

export const ConversionRow = Type.Object({
  period_start: Instant,
  period_end: Instant,
  category_id: Type.String(),
  viewers: Type.Integer({ minimum: 0 }),
  buyers: Type.Integer({ minimum: 0 }),
  /** Exact decimal text with 4 places ("0.2500"); null when the category had no viewers. */
  purchase_view_ratio: Type.Union([Type.String({ pattern: '^\\d+\\.\\d{4}$' }), Type.Null()]),
});
export type ConversionRow = Static<typeof ConversionRow>;

export const ReportRun = Type.Object({
  period_kind: PeriodKind,
  period_start: Instant,
  period_end: Instant,
  generated_at: Instant,
  row_counts: Type.Object({
    'top-viewed': Type.Integer({ minimum: 0 }),
    'top-purchased': Type.Integer({ minimum: 0 }),
    conversion: Type.Integer({ minimum: 0 }),
  }),
});
export type ReportRun = Static<typeof ReportRun>;

export interface ReportRowsByName {
  'top-viewed': TopViewedRow;
  'top-purchased': TopPurchasedRow;
  conversion: ConversionRow;
}
