/** The period of a campaign evaluation: the (Begin, End) of the goal realizations behind it. */
export interface CampaignPeriod {
  /** Local dates as shown (R1): Begin, and End as the last local day of the period. */
  begin: string;
  end: string;
  beginAt: Date;
  /** Exclusive end instant (the next cron fire). */
  endAt: Date;
  /** endAt plus the stream's largest span (R2). */
  fullEndAt: Date;
}
