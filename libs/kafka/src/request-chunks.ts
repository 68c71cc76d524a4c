import type { IHeaders } from 'kafkajs';

/**
 * The broker refuses a record batch above `message.max.bytes` (1 MiB by default) with
 * MESSAGE_TOO_LARGE, and kafkajs puts every message of one send for a partition in one batch.
 * 768 KiB of keys, values and headers per request keeps each batch under that limit with room
 * for the record framing.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 768 * 1024;

/** Framing of one record in a batch (length, attributes, deltas, varints): a generous bound. */
const RECORD_OVERHEAD_BYTES = 32;

export interface SizedMessage {
  key: string;
  value: Buffer | string;
  headers?: IHeaders;
}

/** Bytes a message adds to a record batch, uncompressed. */
export function messageBytes(message: SizedMessage): number {
  let bytes = Buffer.byteLength(message.key) + byteLength(message.value) + RECORD_OVERHEAD_BYTES;
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes += Buffer.byteLength(name);
    for (const part of Array.isArray(value) ? value : [value])
      if (part !== undefined) bytes += byteLength(part);
  }
  return bytes;
}

function byteLength(value: Buffer | string): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/**
 * Splits messages, in order, into runs of at most `maxBytes` each. A message larger than the
 * budget travels alone (the broker decides whether it fits). Sent one after another, the runs keep
 * each key's order.
 */
export function requestChunks<M extends SizedMessage>(
  messages: readonly M[],
  maxBytes: number = DEFAULT_MAX_REQUEST_BYTES,
): M[][] {
  const chunks: M[][] = [];
  let current: M[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = messageBytes(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
