export interface SinkResult {
  accepted: number;
  /** One entry per rejected record: the reason, for the summary. */
  rejected: { index: number; reason: string }[];
}

/** Where replayed events go: the ingest gateway over HTTP, or Kafka directly. */
export interface EventSink {
  send(events: readonly unknown[]): Promise<SinkResult>;
  close(): Promise<void>;
}
