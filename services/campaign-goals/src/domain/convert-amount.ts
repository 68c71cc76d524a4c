import { currencyMinorUnits } from '@tributary/schemas';
import { Money } from './money';
import { localDate } from './local-date';

export interface Conversion {
  converted: Money;
  /** The rate applied, 1 when no conversion was needed; stored with the ledger entry (R9). */
  rate: Money;
  wasConverted: boolean;
}

/**
 * R9: converts `amount` from `from` into `to` with `rate` (units of `to` per unit of `from`),
 * rounded half away from zero to the minor units of `to` (ISO 4217: 2 for the seed's TRL, USD
 * and EUR, as R9 says; 0 for JPY, 3 for KWD). With equal currencies nothing is converted and
 * the amount is kept as given (no rounding: there was no conversion to round).
 */
export function convertAmount(amount: Money, from: string, to: string, rate?: Money): Conversion {
  if (from === to) return { converted: new Money(amount), rate: new Money(1), wasConverted: false };
  if (rate === undefined) throw new Error(`no FX rate given for ${from}->${to}`);
  if (!rate.isFinite() || rate.lte(0))
    throw new Error(`FX rate ${rate.toString()} is not positive`);
  // decimal.js ROUND_HALF_UP rounds ties away from zero for negative values too.
  const converted = new Money(amount)
    .times(rate)
    .toDecimalPlaces(currencyMinorUnits(to), Money.ROUND_HALF_UP);
  return { converted, rate: new Money(rate), wasConverted: true };
}

/** The date whose rate applies to an event: its local date in the configured zone (R9). */
export function fxDateFor(eventTime: Date, zone: string): string {
  return localDate(eventTime, zone);
}

/** Whether a rate must be fetched for this record. */
export function needsConversion(from: string, to: string): boolean {
  return from !== to;
}
