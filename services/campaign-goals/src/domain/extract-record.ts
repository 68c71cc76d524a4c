import { clientIdProblem, ID_LIMITS, idTextProblem } from '@tributary/schemas';
import { parseDecimal, typeName, type Money } from './money';
import { readPath, type PathStep } from './read-path';
import type { SourceConfig } from './stream-config';

/** What one source record says, read through the source's paths. */
export interface ExtractedRecord {
  clientId: string;
  amount: Money;
  currency: string;
  eventTime: Date;
  /** The original transaction's id, when the source has a reference-path (R5). */
  reference?: string;
  /** The record's own id, when the source has an id-path (R8). */
  recordId?: string;
}

export type Extraction = { ok: true; record: ExtractedRecord } | { ok: false; reason: string };

/**
 * Reads a record's payload. Every way it can be unusable gets a reason naming the path, so
 * the record can be dead-lettered and replayed after a fix. `recordTimestamp` (the Kafka record
 * timestamp) is the event time unless the source has a timestamp-path (R3).
 */
export function extractRecord(
  source: SourceConfig,
  payload: unknown,
  recordTimestamp: Date,
): Extraction {
  try {
    const clientId = idAt(payload, source.clientIdPath, 'client id', ID_LIMITS.clientIdMaxLength);
    const amountValue = parseDecimal(at(payload, source.amountPath, 'amount'));
    if (!amountValue.ok) throw new ExtractionError(`amount: ${amountValue.reason}`);
    if (amountValue.value.isNegative()) {
      throw new ExtractionError('amount is negative; cancellations belong on a subtract source');
    }
    if (amountValue.value.greaterThan(ID_LIMITS.amountMax)) {
      throw new ExtractionError(`amount is above ${ID_LIMITS.amountMax}`);
    }
    const record: ExtractedRecord = {
      clientId,
      amount: amountValue.value,
      currency: currencyAt(payload, source.currencyPath),
      eventTime: source.timestampPath ? timeAt(payload, source.timestampPath) : recordTimestamp,
    };
    if (source.referencePath) record.reference = idAt(payload, source.referencePath, 'reference');
    if (source.idPath) record.recordId = idAt(payload, source.idPath, 'record id');
    return { ok: true, record };
  } catch (error) {
    if (error instanceof ExtractionError) return { ok: false, reason: error.message };
    throw error;
  }
}

class ExtractionError extends Error {}

function at(payload: unknown, path: readonly PathStep[], what: string): unknown {
  const value = readPath(payload, path);
  if (!value.found) throw new ExtractionError(`${what} missing at ${value.missing}`);
  return value.value;
}

/**
 * Ids are stored as PostgreSQL text (which refuses U+0000) and a client id travels in
 * goals.achieved (at most 64 characters): the id contract of libs/schemas, checked here so such
 * a record is dead-lettered with its reason instead of stalling its partition or being lost.
 */
function idAt(payload: unknown, path: readonly PathStep[], what: string, maxLength = 128): string {
  const value = at(payload, path, what);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ExtractionError(
      `${what} must be a non-empty string or an integer, got ${typeName(value)}`,
    );
  }
  const id = value.trim();
  const problem = what === 'client id' ? clientIdProblem(id) : idTextProblem(id, maxLength);
  if (problem) throw new ExtractionError(`${what} ${problem}`);
  return id;
}

function currencyAt(payload: unknown, path: readonly PathStep[]): string {
  const value = at(payload, path, 'currency');
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) throw new ExtractionError('currency must be a 3-letter code');
  return code;
}

const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function timeAt(payload: unknown, path: readonly PathStep[]): Date {
  const value = at(payload, path, 'timestamp');
  // A date-time without an offset would be read in the process's zone, so it is refused.
  // A safe integer can still be outside a Date's range (8.64e15 ms): an Invalid Date would
  // throw a RangeError deep in the handler, so it is refused here.
  const ms =
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    Math.abs(value) <= ID_LIMITS.epochMsMax
      ? value
      : typeof value === 'string' && ZONED_DATE_TIME.test(value)
        ? Date.parse(value)
        : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ExtractionError(
      'timestamp must be epoch milliseconds or an ISO date-time with offset',
    );
  }
  return new Date(ms);
}
