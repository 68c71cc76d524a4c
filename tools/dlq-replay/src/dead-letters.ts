// Pure logic of the DLQ tool: what a dead letter says, which ones a filter selects, and the
// message a replay sends back to the original topic. No Kafka here (unit-tested).
import type { IHeaders } from '@tributary/kafka';

/** Headers libs/kafka's consumer runner adds when it dead-letters a message. */
export const DLQ_HEADERS = [
  'x-dlq-code',
  'x-dlq-reason',
  'x-dlq-group',
  'x-original-topic',
  'x-original-partition',
  'x-original-offset',
  'x-original-timestamp',
] as const;

/** Added to a replayed message: where it came from, so a second failure can be traced. */
export const REPLAYED_FROM_HEADER = 'x-dlq-replayed-from';

export interface DeadLetter {
  /** Position in the `.dlq` topic. */
  dlqTopic: string;
  dlqPartition: number;
  dlqOffset: string;
  key: Buffer | null;
  value: Buffer | null;
  code: string;
  reason: string;
  group: string;
  originalTopic: string;
  originalPartition: number | null;
  originalOffset: string | null;
  originalTimestamp: string | null;
  /** Every header as a string (the original message's own headers included). */
  headers: Record<string, string>;
}

export interface RawDlqMessage {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

export function headerText(value: IHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => v.toString()).join(',');
  return value.toString();
}

function intOrNull(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/** `events.raw.dlq` -> `events.raw`; the fallback when a letter lacks x-original-topic. */
export function originalTopicOf(dlqTopic: string): string {
  return dlqTopic.endsWith('.dlq') ? dlqTopic.slice(0, -'.dlq'.length) : dlqTopic;
}

export function toDeadLetter(dlqTopic: string, message: RawDlqMessage): DeadLetter {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = text;
  }
  const originalOffset = headers['x-original-offset'];
  return {
    dlqTopic,
    dlqPartition: message.partition,
    dlqOffset: message.offset,
    key: message.key,
    value: message.value,
    code: headers['x-dlq-code'] ?? 'unknown',
    reason: headers['x-dlq-reason'] ?? '',
    group: headers['x-dlq-group'] ?? '',
    originalTopic: headers['x-original-topic'] || originalTopicOf(dlqTopic),
    originalPartition: intOrNull(headers['x-original-partition']),
    originalOffset:
      originalOffset !== undefined && /^\d+$/.test(originalOffset) ? originalOffset : null,
    originalTimestamp: headers['x-original-timestamp'] ?? null,
    headers,
  };
}

/** An inclusive offset range; `to` undefined means open-ended. */
export interface OffsetRange {
  from: bigint;
  to?: bigint;
}

export interface LetterFilter {
  /** Keep letters whose x-dlq-code is one of these (empty: any code). */
  codes: string[];
  /** Keep letters whose original offset lies in the range. */
  offsets?: OffsetRange;
  /** Keep letters from this original partition. */
  partition?: number;
  /** Keep letters dead-lettered by this consumer group (x-dlq-group). */
  group?: string;
}

export const NO_FILTER: LetterFilter = { codes: [] };

/** `12-40`, `12-`, `12` (just that offset). */
export function parseOffsetRange(text: string): OffsetRange {
  const match = /^(\d+)(?:(-)(\d+)?)?$/.exec(text.trim());
  if (!match) throw new Error(`offset range must look like 12-40, 12- or 12; got "${text}"`);
  const from = BigInt(match[1] as string);
  if (match[2] === undefined) return { from, to: from };
  if (match[3] === undefined) return { from };
  const to = BigInt(match[3]);
  if (to < from) throw new Error(`offset range ${text}: the end is before the start`);
  return { from, to };
}

export function matchesFilter(letter: DeadLetter, filter: LetterFilter): boolean {
  if (filter.codes.length > 0 && !filter.codes.includes(letter.code)) return false;
  if (filter.group !== undefined && letter.group !== filter.group) return false;
  if (filter.partition !== undefined && letter.originalPartition !== filter.partition) return false;
  if (filter.offsets) {
    if (letter.originalOffset === null) return false;
    const offset = BigInt(letter.originalOffset);
    if (offset < filter.offsets.from) return false;
    if (filter.offsets.to !== undefined && offset > filter.offsets.to) return false;
  }
  return true;
}

export function selectLetters(letters: readonly DeadLetter[], filter: LetterFilter): DeadLetter[] {
  return letters.filter((l) => matchesFilter(l, filter));
}

export interface ReplayMessage {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * The message to send back: same key (so the same partition and per-customer order), same
 * value, the original headers without the DLQ bookkeeping, plus where it was replayed from.
 */
export function toReplayMessage(letter: DeadLetter): ReplayMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(letter.headers)) {
    if ((DLQ_HEADERS as readonly string[]).includes(name) || name === REPLAYED_FROM_HEADER)
      continue;
    headers[name] = value;
  }
  headers[REPLAYED_FROM_HEADER] = `${letter.dlqTopic}:${letter.dlqPartition}:${letter.dlqOffset}`;
  return {
    topic: letter.originalTopic,
    key: letter.key?.toString() ?? '',
    value: letter.value ?? Buffer.alloc(0),
    headers,
  };
}

/** Letters grouped by code: the summary line of the listing. */
export function countByCode(letters: readonly DeadLetter[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of letters) counts[l.code] = (counts[l.code] ?? 0) + 1;
  return counts;
}

/** One line per letter for the terminal. */
export function formatLetter(letter: DeadLetter, maxValue = 120): string {
  const value = letter.value?.toString() ?? '';
  const shown = value.length > maxValue ? `${value.slice(0, maxValue)}...` : value;
  const origin = `${letter.originalTopic}[${letter.originalPartition ?? '?'}]@${letter.originalOffset ?? '?'}`;
  return [
    `${letter.dlqPartition}:${letter.dlqOffset}`,
    origin,
    letter.code,
    JSON.stringify(letter.reason),
    `key=${letter.key?.toString() ?? ''}`,
    shown,
  ].join('  ');
}
