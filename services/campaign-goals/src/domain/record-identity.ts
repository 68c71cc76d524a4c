/** Where a record was read from: its Kafka coordinates. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * R8: a record is identified by (topic, partition, offset), or by its id-path value when the
 * source has one (then a producer's re-send at another offset is the same record). The id is
 * scoped to the topic: two topics may reuse each other's ids for different things.
 * The key is unique per stream; the adapter pairs it with the stream id.
 */
export function recordIdentity(position: RecordPosition, recordId?: string): string {
  return recordId === undefined
    ? `offset:${position.topic}:${position.partition}:${position.offset}`
    : `id:${position.topic}:${recordId}`;
}
