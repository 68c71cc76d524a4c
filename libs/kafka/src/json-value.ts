import { poison } from './errors';

/**
 * Parses a message value written either as plain JSON or in the Confluent wire format for JSON
 * Schema (magic byte 0, a 4-byte schema id, then the JSON text). The payload is validated against
 * our own schema afterwards, so reading it needs no registry round trip.
 */
export function parseJsonValue(value: Buffer | null): unknown {
  if (!value || value.length === 0) throw poison('MESSAGE_UNDECODABLE', 'empty message value');
  const text =
    value[0] === 0 && value.length > 5
      ? value.subarray(5).toString('utf8')
      : value.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw poison('MESSAGE_UNDECODABLE', 'value is not valid JSON', err);
  }
}
