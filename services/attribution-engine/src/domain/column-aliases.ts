/** Accepted input column names, ours first, then fractribution's (and Snowplow's) names. */
export const COLUMN_ALIASES = {
  path: ['path', 'transformed_path'],
  conversions: ['conversions', 'total_conversions'],
  nulls: ['nulls', 'total_non_conversions', 'non_conversions'],
  revenue: ['revenue', 'total_revenue', 'conversion_value'],
  days: ['days_before_conversion'],
} as const;

export type ColumnName = keyof typeof COLUMN_ALIASES;

export function columnFor(header: string): ColumnName | undefined {
  const name = header.trim().toLowerCase();
  for (const [column, aliases] of Object.entries(COLUMN_ALIASES)) {
    if ((aliases as readonly string[]).includes(name)) return column as ColumnName;
  }
  return undefined;
}
