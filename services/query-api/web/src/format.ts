const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 2,
  minimumFractionDigits: 0,
});
const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

export const fmtInt = (n: number): string => integer.format(n);
/** Attributed conversions are fractional in most models. */
export const fmtNum = (n: number): string => decimal.format(n);
export const fmtPct = (n: number): string => percent.format(n);
/** Money arrives as exact decimal text; it is shown as given, only grouped, never re-rounded through floats. */
export function fmtMoney(text: string): string {
  const [whole = '0', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}
/** Money with its currency code ("TRY 1,234.50"); a figure with no known currency says so. */
export function fmtAmount(text: string, currency: string | undefined): string {
  return `${currency ?? '(mixed currencies)'} ${fmtMoney(text)}`;
}
export function fmtTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d{3}Z$/, ' UTC');
}
