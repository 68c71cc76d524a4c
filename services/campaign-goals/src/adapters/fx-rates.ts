import { DependencyUnavailableError } from '@tributary/errors';
import type { Logger } from '@tributary/logging';
import { templateValueProblem } from '@tributary/outbound';
import type { Pool } from '@tributary/postgres';
import { Money } from '../domain/money';
import { allowedGet, type GetOutcome, type GetSettings } from './allowed-get';

export interface FxRequest {
  from: string;
  to: string;
  /** Local date of the event (R9), YYYY-MM-DD. */
  date: string;
}

export const fxKey = (r: FxRequest): string => `${r.from}|${r.to}|${r.date}`;

/**
 * R9 provider interface: the rates it knows, by fxKey; a missing key means the provider has no
 * rate for it (the record is dead-lettered, replayable once the rate exists). A provider that
 * cannot answer (down, timing out, 5xx) throws DependencyUnavailableError instead: the records
 * are held and retried, never dead-lettered.
 */
export interface FxRateProvider {
  rates(requests: readonly FxRequest[]): Promise<Map<string, Money>>;
}

/**
 * Rates for a (pair, date) never change once known (they are stored with the ledger entry), so
 * a bounded in-process cache in front of the table and the provider saves a query per batch and a
 * call per record. Oldest entries go first when it is full.
 */
export function cachedFxProvider(inner: FxRateProvider, maxEntries = 10_000): FxRateProvider {
  const cache = new Map<string, Money>();
  return {
    async rates(requests) {
      const found = new Map<string, Money>();
      const missing: FxRequest[] = [];
      for (const request of requests) {
        const rate = cache.get(fxKey(request));
        if (rate) found.set(fxKey(request), rate);
        else missing.push(request);
      }
      if (missing.length === 0) return found;
      for (const [key, rate] of await inner.rates(missing)) {
        found.set(key, rate);
        cache.set(key, rate);
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      }
      return found;
    },
  };
}

/** Rates from the fx_rates table (one query for a whole batch). */
export function tableFxProvider(pool: Pool): FxRateProvider {
  return {
    async rates(requests) {
      const found = new Map<string, Money>();
      if (requests.length === 0) return found;
      const { rows } = await pool.query<{
        from_currency: string;
        to_currency: string;
        rate_date: string;
        rate: string;
      }>(
        `SELECT r.from_currency, r.to_currency, r.rate_date::text AS rate_date, r.rate::text AS rate
           FROM fx_rates r
           JOIN unnest($1::text[], $2::text[], $3::date[]) AS q(f, t, d)
             ON r.from_currency = q.f AND r.to_currency = q.t AND r.rate_date = q.d`,
        [requests.map((r) => r.from), requests.map((r) => r.to), requests.map((r) => r.date)],
      );
      for (const row of rows) {
        found.set(
          fxKey({ from: row.from_currency, to: row.to_currency, date: row.rate_date }),
          new Money(row.rate),
        );
      }
      return found;
    },
  };
}

export interface HttpFxSettings extends GetSettings {
  urlTemplate: string;
}

/**
 * The table first; what it lacks is asked of the HTTP provider (R9 contract: GET on the template
 * with {{from}}, {{to}}, {{date}}, JSON with a numeric `rate`), and stored in the table so a
 * replay converts with the same rate.
 */
export function tableThenHttpFxProvider(
  pool: Pool,
  http: HttpFxSettings,
  logger: Logger,
): FxRateProvider {
  const table = tableFxProvider(pool);
  return {
    async rates(requests) {
      const found = await table.rates(requests);
      const missing = unique(requests.filter((r) => !found.has(fxKey(r))));
      for (const request of missing) {
        // Throws when the provider is unavailable: the batch is held, not dead-lettered, and the
        // remaining requests are not tried against a provider that is down.
        const rate = await fetchRate(http, request, logger);
        if (!rate) continue;
        found.set(fxKey(request), rate);
        await pool.query(
          `INSERT INTO fx_rates (from_currency, to_currency, rate_date, rate, source)
           VALUES ($1, $2, $3, $4, 'http') ON CONFLICT DO NOTHING`,
          [request.from, request.to, request.date, rate.toString()],
        );
      }
      return found;
    },
  };
}

async function fetchRate(
  http: HttpFxSettings,
  request: FxRequest,
  logger: Logger,
): Promise<Money | undefined> {
  // Defence in depth: codes and dates are validated upstream, but none may reshape the URL.
  const unsafe = (['from', 'to', 'date'] as const)
    .map((field) => templateValueProblem(field, request[field]))
    .find((problem) => problem !== undefined);
  if (unsafe !== undefined) {
    logger.warn({ ...request, reason: unsafe }, 'fx rate not asked of the HTTP provider');
    return undefined;
  }
  const url = http.urlTemplate
    .replaceAll('{{from}}', encodeURIComponent(request.from))
    .replaceAll('{{to}}', encodeURIComponent(request.to))
    .replaceAll('{{date}}', encodeURIComponent(request.date));
  const outcome = await allowedGet(url, http);
  const fail = (reason: string) => {
    logger.warn({ ...request, reason }, 'fx rate unavailable from the HTTP provider');
    return undefined;
  };
  if (fxProviderDown(outcome)) {
    const reason = outcome.ok ? `HTTP status ${outcome.status}` : outcome.reason;
    throw new DependencyUnavailableError(
      `FX provider unavailable for ${request.from}->${request.to} on ${request.date}: ${reason}`,
      { origin: 'fx-rates' },
    );
  }
  if (!outcome.ok) return fail(outcome.reason);
  if (outcome.status !== 200) return fail(`HTTP status ${outcome.status}`);
  try {
    // The body's number is read from its text so that no binary rounding happens on the way.
    const text = /"rate"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(outcome.body)?.[1];
    const parsed: unknown = JSON.parse(outcome.body);
    if (text === undefined || typeof (parsed as { rate?: unknown }).rate !== 'number')
      return fail('no numeric rate');
    const rate = new Money(text);
    return rate.isFinite() && rate.gt(0) ? rate : fail('rate is not positive');
  } catch {
    return fail('body is not JSON');
  }
}

/**
 * The provider could not answer: a timeout, a transport error, a 5xx (after allowedGet's own
 * retries) or 429. That is not "no rate": a 404 or a body without a rate is an answer.
 */
export function fxProviderDown(outcome: GetOutcome): boolean {
  if (outcome.ok) return outcome.status === 429;
  if (outcome.status !== undefined) return outcome.status >= 500 || outcome.status === 429;
  return /^(timed out|transport error)/.test(outcome.reason);
}

function unique(requests: FxRequest[]): FxRequest[] {
  return [...new Map(requests.map((r) => [fxKey(r), r])).values()];
}
