import { EventEmitter } from 'node:events';
import type { Batch, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '@tributary/logging';
import { counter, gauge, histogram, type Registry } from '@tributary/metrics';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffPolicy } from '@tributary/errors';
import {
  BAD_EVENT_SCHEMA,
  encodeValue,
  headersAsText,
  type BadEvent,
  type BadEventPublisher,
} from './bad-events';
import { classify, type Classification } from './errors';
import type { JsonProducer } from './producer';
import { retryWhileUnavailable, START_RETRY } from './retry-dependency';
import { dlqTopic } from './topics';
import { traceIdOf } from './trace-headers';

export interface ConsumedRecord<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** Kafka record timestamp (ms since epoch, as text). */
  timestamp: string;
  headers: IHeaders;
  value: T;
}

export interface ConsumerRunnerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Turns the raw value into a typed message; throw `poison(...)` for content that can never work. */
  decode: (value: Buffer | null, message: KafkaMessage, topic: string) => T | Promise<T>;
  /** Applies the records of one partition batch; must be durable (committed) when it resolves. */
  handle: (records: ConsumedRecord<T>[]) => Promise<void>;
  /** Producer used for dead letters. */
  producer: JsonProducer;
  /**
   * Also keeps every dead letter on the bad-events topic (docs/operations.md). `<topic>.dlq`
   * stays the authoritative copy: a bad-events write that fails is logged, never retried.
   */
  badEvents?: BadEventPublisher;
  logger: Logger;
  metrics?: Registry;
  backoff?: BackoffPolicy;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxBytesPerPartition?: number;
  /**
   * Cap of one fetch response (kafkajs default 10 MiB). kafkajs hands one response's batches to
   * the concurrent workers and fetches again when all are done, so a cap below
   * maxBytesPerPartition x partitions leaves workers idle at the end of every round.
   */
  maxBytesPerFetch?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * Retries of an error that is neither a dependency failure nor the message's fault (see
   * libs/errors `classify`) before the message is dead-lettered with code UNCLASSIFIED.
   */
  maxUnclassifiedRetries?: number;
  /**
   * A partition whose batch has been in flight (being retried) this long is stalled: the
   * runner's health turns red, so `/readyz` does. Default 5 minutes.
   */
  stallMs?: number;
  /** How often lag is measured from the broker (committed offset vs log end). Default 15 s. */
  lagIntervalMs?: number;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (null: nothing committed yet). */
  committed: string | null;
  /** The log end offset. */
  end: string;
  lag: number;
}

export interface ConsumerHealth {
  running: boolean;
  /** Partitions of this member whose batch has made no progress for `stallMs`. */
  stalled: { topic: string; partition: number; sinceMs: number }[];
}

export interface CommittedEvent {
  topic: string;
  partition: number;
  /** The next offset to read, as committed. */
  offset: string;
  processed: number;
  deadLettered: number;
}

export interface ConsumerRunner {
  start(): Promise<void>;
  /** Stops fetching, lets the in-flight batch finish and commit, leaves the group. Idempotent. */
  stop(): Promise<void>;
  /** Changes the subscription (restarts the consumer; committed offsets carry over). */
  resubscribe(topics: string[]): Promise<void>;
  readonly events: EventEmitter<{ committed: [CommittedEvent]; crashed: [Error] }>;
  isRunning(): boolean;
  health(now?: number): ConsumerHealth;
  /** For `/readyz`: throws when the consumer is stopped or a partition is stalled. */
  assertHealthy(): void;
  /** The group's lag per partition, measured from the broker; also sets `kafka_consumer_lag`. */
  lag(): Promise<PartitionLag[]>;
}

interface DeadLetter {
  message: KafkaMessage;
  verdict: Classification;
}

/** Work that failed for good (message at fault, or unclassified past its retries). */
class Verdict extends Error {
  constructor(readonly classification: Classification) {
    super(classification.reason);
  }
}

export const DEFAULT_MAX_UNCLASSIFIED_RETRIES = 5;

/**
 * A consumer group member that processes partition batches and commits each batch's offset only
 * after `handle` resolved (effect durable) and its poison messages reached `<topic>.dlq`.
 * Errors are classified (libs/errors): a dependency failure (outage) holds the partition and is
 * retried with backoff, never dead-lettered; a message at fault is narrowed down to the single
 * message that causes it and dead-lettered; an unclassified error is retried a bounded number of
 * times, then treated like a message at fault with code UNCLASSIFIED, so nothing stalls forever.
 */
export function createConsumerRunner<T>(options: ConsumerRunnerOptions<T>): ConsumerRunner {
  const log = options.logger.child({ component: 'consumer', groupId: options.groupId });
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const events = new EventEmitter<{ committed: [CommittedEvent]; crashed: [Error] }>();
  const m = options.metrics;
  const processedTotal =
    m && counter(m, 'kafka_messages_processed_total', 'Messages applied', ['topic', 'group']);
  const dlqTotal =
    m &&
    counter(m, 'kafka_messages_dead_lettered_total', 'Messages sent to the DLQ', [
      'topic',
      'group',
      'code',
    ]);
  const retryTotal =
    m && counter(m, 'kafka_batch_retries_total', 'Batch retries after errors', ['topic', 'group']);
  // From the broker (log end - committed), not from the last batch: a dead consumer's lag rises.
  const lagGauge =
    m &&
    gauge(m, 'kafka_consumer_lag', 'Log end offset minus the committed offset, from the broker', [
      'topic',
      'partition',
      'group',
    ]);
  const batchSeconds =
    m && histogram(m, 'kafka_batch_duration_seconds', 'Batch processing time', ['topic', 'group']);
  const unclassifiedTotal =
    m &&
    counter(
      m,
      'kafka_unclassified_errors_total',
      'Handler failures no rule classifies (each retry counts); alert on any',
      ['topic', 'group'],
    );
  const maxUnclassified = options.maxUnclassifiedRetries ?? DEFAULT_MAX_UNCLASSIFIED_RETRIES;

  const heartbeatMs = options.heartbeatIntervalMs ?? 3_000;
  const stallMs = options.stallMs ?? 300_000;
  /** Partition -> when its current batch started; progress (a commit) or an exit clears it. */
  const inFlight = new Map<string, { topic: string; partition: number; since: number }>();
  let lagTimer: NodeJS.Timeout | undefined;
  let topics = [...options.topics];
  let restartTimer: NodeJS.Timeout | undefined;
  let restarts = 0;
  let consumer: Consumer | undefined;
  let abort = new AbortController();
  let running = false;

  /**
   * A decoder is pure apart from a schema registry: a dependency failure is retried, anything
   * else it throws (a bug in a decoder included) rejects the message's content, so it is
   * dead-lettered (MESSAGE_UNDECODABLE unless the decoder gave a message code), never retried.
   */
  async function decodeOne(message: KafkaMessage, topic: string, heartbeat: () => Promise<void>) {
    let value: T | undefined;
    await withRetries(topic, heartbeat, async () => {
      try {
        value = await options.decode(message.value, message, topic);
      } catch (error) {
        const verdict = classify(error);
        if (verdict.kind === 'dependency') throw error;
        if (verdict.kind === 'message' && verdict.origin === 'application') throw error;
        throw new Verdict({
          ...verdict,
          code: 'MESSAGE_UNDECODABLE',
          kind: 'message',
          retriable: false,
          origin: `decode ${verdict.origin}`,
        });
      }
    });
    return value as T;
  }

  async function decodeAll(batch: Batch, heartbeat: () => Promise<void>) {
    const good: ConsumedRecord<T>[] = [];
    const bad: DeadLetter[] = [];
    for (const message of batch.messages) {
      try {
        const value = await decodeOne(message, batch.topic, heartbeat);
        good.push({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          timestamp: message.timestamp,
          headers: message.headers ?? {},
          value,
        });
      } catch (error) {
        if (!(error instanceof Verdict)) throw error;
        bad.push({ message, verdict: error.classification });
      }
    }
    return { good, bad };
  }

  /**
   * Runs `work` until it succeeds, with backoff between attempts, heartbeating so the member
   * keeps its partitions. A dependency failure (an outage) is retried for as long as it takes:
   * the partition waits rather than skipping or dead-lettering good messages. An unclassified
   * failure is retried `maxUnclassifiedRetries` times. Anything else, or the end of those
   * retries, throws a Verdict; `stop()` ends the wait by rethrowing the error itself (the batch
   * is then redelivered to whoever owns the partition next).
   */
  async function withRetries(
    topic: string,
    heartbeat: () => Promise<void>,
    work: () => Promise<void>,
  ): Promise<void> {
    let unclassified = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (error instanceof Verdict || abort.signal.aborted) throw error;
        const verdict = classify(error);
        if (verdict.kind === 'message') throw new Verdict(verdict);
        if (verdict.kind !== 'dependency') {
          unclassifiedTotal?.inc({ topic, group: options.groupId });
          unclassified += 1;
          if (unclassified > maxUnclassified) {
            throw new Verdict({ ...verdict, code: 'UNCLASSIFIED', kind: 'unclassified' });
          }
        }
        retryTotal?.inc({ topic, group: options.groupId });
        const level =
          attempt >= backoff.maxAttempts || verdict.kind !== 'dependency' ? 'error' : 'warn';
        log[level](
          { err: error, attempt, topic, code: verdict.code, origin: verdict.origin },
          'batch failed, retrying',
        );
        await sleep(backoffDelay(backoff, Math.min(attempt, backoff.maxAttempts)), abort.signal);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  async function apply(batch: Batch, records: ConsumedRecord<T>[], heartbeat: () => Promise<void>) {
    const dead: DeadLetter[] = [];
    if (records.length === 0) return dead;
    try {
      await withRetries(batch.topic, heartbeat, () => options.handle(records));
      return dead;
    } catch (error) {
      if (!(error instanceof Verdict)) throw error;
      if (records.length === 1) {
        const message = batch.messages.find((msg) => msg.offset === records[0]?.offset);
        if (message) dead.push({ message, verdict: error.classification });
        return dead;
      }
    }
    // Some message is at fault: apply one at a time so only that one is dead-lettered.
    for (const record of records) {
      try {
        await withRetries(batch.topic, heartbeat, () => options.handle([record]));
      } catch (error) {
        if (!(error instanceof Verdict)) throw error;
        const message = batch.messages.find((msg) => msg.offset === record.offset);
        if (message) dead.push({ message, verdict: error.classification });
      }
    }
    return dead;
  }

  async function deadLetter(
    topic: string,
    partition: number,
    letters: DeadLetter[],
    heartbeat: () => Promise<void>,
  ) {
    if (letters.length === 0) return;
    const records = letters.map(({ message, verdict }) => ({
      key: message.key?.toString() ?? '',
      value: message.value ?? Buffer.alloc(0),
      headers: {
        ...(message.headers ?? {}),
        'x-dlq-code': verdict.code,
        'x-dlq-reason': verdict.reason.slice(0, 1000),
        'x-dlq-origin': verdict.origin,
        'x-original-topic': topic,
        'x-original-partition': String(partition),
        'x-original-offset': message.offset,
        'x-original-timestamp': message.timestamp,
        'x-dlq-group': options.groupId,
      },
    }));
    // The DLQ is a dependency like any other: a broker hiccup holds the partition, retried.
    await withRetries(topic, heartbeat, async () => {
      await options.producer.send(dlqTopic(topic), records);
    });
    await keepBadEvents(topic, partition, letters);
    for (const { verdict, message } of letters) {
      dlqTotal?.inc({ topic, group: options.groupId, code: verdict.code });
      const { code, reason, origin } = verdict;
      const trace_id = traceIdOf(message.headers);
      const fields = {
        topic,
        partition,
        offset: message.offset,
        code,
        reason,
        origin,
        ...(trace_id ? { trace_id } : {}),
      };
      // UNCLASSIFIED means no rule knew this error: a bug or a new failure mode, page someone.
      if (code === 'UNCLASSIFIED')
        log.error(fields, 'message dead-lettered after unclassified errors');
      else log.warn(fields, 'message dead-lettered');
    }
  }

  /** The dead letters as bad events; a failure here must not hold the partition. */
  async function keepBadEvents(topic: string, partition: number, letters: DeadLetter[]) {
    if (!options.badEvents) return;
    const failedAt = new Date().toISOString();
    const records = letters.map(({ message, verdict }): BadEvent => {
      const eventId = message.headers?.['event-id']?.toString();
      return {
        schema: BAD_EVENT_SCHEMA,
        source: `${dlqTopic(topic)} from ${options.groupId}`,
        processor: options.groupId,
        reason: { code: verdict.code, message: verdict.reason.slice(0, 1000) },
        errors: [],
        ...(eventId ? { event_id: eventId } : {}),
        failed_at: failedAt,
        payload: {
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          ...encodeValue(message.value),
          headers: headersAsText(message.headers),
        },
        replay: { via: 'kafka', topic },
      };
    });
    try {
      await options.badEvents.publish(records);
    } catch (err) {
      log.warn(
        { err, topic, partition, count: records.length },
        'dead letters not kept as bad events',
      );
    }
  }

  async function run(c: Consumer): Promise<void> {
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
        const key = `${batch.topic}\u0000${batch.partition}`;
        inFlight.set(key, { topic: batch.topic, partition: batch.partition, since: Date.now() });
        try {
          await processBatch(c, payload);
        } finally {
          inFlight.delete(key);
        }
      },
    });
  }

  async function processBatch(c: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    const endTimer = batchSeconds?.startTimer({ topic: batch.topic, group: options.groupId });
    // kafkajs heartbeats only when asked: keep the session alive while a long batch (a backlog
    // after a restart) is in one database transaction, or the group evicts this member.
    const keepAlive = setInterval(() => void heartbeat().catch(() => undefined), heartbeatMs);
    let good: ConsumedRecord<T>[];
    let bad: DeadLetter[];
    let failed: DeadLetter[];
    try {
      ({ good, bad } = await decodeAll(batch, heartbeat));
      failed = await apply(batch, good, heartbeat);
      // In offset order, whichever step refused them, so the DLQ reads like the partition.
      const letters = [...bad, ...failed].sort((a, b) =>
        BigInt(a.message.offset) < BigInt(b.message.offset) ? -1 : 1,
      );
      await deadLetter(batch.topic, batch.partition, letters, heartbeat);
    } finally {
      clearInterval(keepAlive);
    }
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    // Resolving moves this member's fetch position; committing makes it survive a restart.
    payload.resolveOffset(batch.lastOffset());
    try {
      await c.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    } catch (err) {
      // The group moved on (rebalance, expired session): the partition's next owner gets this
      // batch again, which the handler's idempotent writes absorb. kafkajs rejoins on fetch.
      log.warn({ err, topic: batch.topic, partition: batch.partition }, 'offset commit refused');
      return;
    }
    endTimer?.();
    processedTotal?.inc(
      { topic: batch.topic, group: options.groupId },
      good.length - failed.length,
    );
    inFlight.delete(`${batch.topic}\u0000${batch.partition}`);
    events.emit('committed', {
      topic: batch.topic,
      partition: batch.partition,
      offset: next,
      processed: good.length - failed.length,
      deadLettered: bad.length + failed.length,
    });
    await heartbeat().catch(() => undefined);
  }

  async function lag(): Promise<PartitionLag[]> {
    const admin = options.kafka.admin();
    await admin.connect();
    try {
      const out: PartitionLag[] = [];
      const groups = await admin.fetchOffsets({ groupId: options.groupId, topics });
      for (const { topic, partitions } of groups) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const end of ends) {
          const mark = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          const committed = mark === '-1' ? null : mark;
          const from = committed ?? (options.fromBeginning === false ? end.high : end.low);
          const value = Math.max(0, Number(BigInt(end.high) - BigInt(from)));
          out.push({ topic, partition: end.partition, committed, end: end.high, lag: value });
          lagGauge?.set({ topic, partition: String(end.partition), group: options.groupId }, value);
        }
      }
      return out;
    } finally {
      await admin.disconnect();
    }
  }

  function health(now = Date.now()): ConsumerHealth {
    const stalled = [...inFlight.values()]
      .filter((f) => now - f.since >= stallMs)
      .map((f) => ({ topic: f.topic, partition: f.partition, sinceMs: now - f.since }));
    return { running: running && consumer !== undefined, stalled };
  }

  function assertHealthy(): void {
    const { running: up, stalled } = health();
    if (!up) throw new Error(`consumer ${options.groupId} is stopped`);
    if (stalled.length > 0) {
      const which = stalled.map((s) => `${s.topic}[${s.partition}]`).join(', ');
      throw new Error(`no progress for ${Math.round(stallMs / 1000)} s on ${which}`);
    }
  }

  function startLagSampler(): void {
    if (lagTimer || !lagGauge) return;
    // Keeps sampling while the member restarts or is dead, so the lag of a dead consumer rises.
    lagTimer = setInterval(() => {
      lag().catch((err: unknown) => log.warn({ err }, 'lag measurement failed'));
    }, options.lagIntervalMs ?? 15_000);
    lagTimer.unref();
  }

  async function start(): Promise<void> {
    if (running) return;
    startLagSampler();
    abort = new AbortController();
    const c = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: heartbeatMs,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      maxBytes: options.maxBytesPerFetch ?? 10_485_760,
      allowAutoTopicCreation: false,
      // The handler already retried with backoff, so kafkajs retries briefly; the runner owns
      // restarts (below), so every crash is handled, logged and backed off alike.
      retry: {
        retries: 2,
        initialRetryTime: 300,
        maxRetryTime: 2_000,
        restartOnFailure: async () => false,
      },
    });
    c.on(c.events.CRASH, ({ payload }) => {
      log.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
      events.emit('crashed', payload.error);
      // A member that stops consuming while its process stays "ready" is the worst outcome
      // (e.g. a commit refused after the group moved on): leave and rejoin with backoff.
      if (running) scheduleRestart();
    });
    await c.connect();
    try {
      // A topic just created is not in every broker's metadata at once: on a cluster the broker
      // asked may still answer UNKNOWN_TOPIC_OR_PARTITION. Wait for it as for a dependency.
      await retryWhileUnavailable(
        () => c.subscribe({ topics, fromBeginning: options.fromBeginning ?? true }),
        START_RETRY,
      );
    } catch (error) {
      await c.disconnect().catch(() => undefined);
      throw error;
    }
    consumer = c;
    running = true;
    await run(c);
    log.info({ topics }, 'consumer started');
  }

  function scheduleRestart(): void {
    if (restartTimer) return;
    restarts += 1;
    const delay = backoffDelay({ initialMs: 500, maxMs: 30_000, maxAttempts: Infinity }, restarts);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      void (async () => {
        if (!running) return;
        log.warn({ attempt: restarts }, 'restarting consumer after a crash');
        await halt().catch((err: unknown) =>
          log.warn({ err }, 'consumer stop before restart failed'),
        );
        await start().then(
          () => (restarts = 0),
          (err: unknown) => {
            log.error({ err }, 'consumer restart failed');
            running = true;
            scheduleRestart();
          },
        );
      })();
    }, delay);
  }

  async function stop(): Promise<void> {
    if (lagTimer) clearInterval(lagTimer);
    lagTimer = undefined;
    await halt();
  }

  /** Leaves the group; the lag sampler goes on (a restart, or a resubscribe, is under way). */
  async function halt(): Promise<void> {
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = undefined;
    if (!running || !consumer) return;
    running = false;
    abort.abort();
    const c = consumer;
    consumer = undefined;
    await c.disconnect();
    log.info('consumer stopped');
  }

  return {
    start,
    stop,
    events,
    isRunning: () => running,
    health,
    assertHealthy,
    lag,
    async resubscribe(next) {
      topics = [...next];
      await halt();
      await start();
    },
  };
}
