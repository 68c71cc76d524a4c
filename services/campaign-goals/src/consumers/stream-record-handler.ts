import type { Clock } from '@tributary/clock';
import { poison, recordSpan, type ConsumedRecord } from '@tributary/kafka';
import type { Logger, WorkSpan } from '@tributary/logging';
import { withTransaction, type Pool } from '@tributary/postgres';
import type { ConfigRegistry } from '../adapters/config-registry';
import { fxKey, type FxRateProvider, type FxRequest } from '../adapters/fx-rates';
import {
  claimIdentities,
  loadRealized,
  loadRows,
  lockPairs,
  lookupReferences,
  realizationId,
  upsertRows,
  writeLedger,
  writeRealizations,
  type RowRequest,
} from '../adapters/stream-store';
import { convertAmount, fxDateFor, needsConversion } from '../domain/convert-amount';
import { extractRecord, type ExtractedRecord } from '../domain/extract-record';
import {
  periodsNeeded,
  planBatch,
  realizedKey,
  referenceKey,
  type RecordInput,
} from '../domain/plan-batch';
import { recordIdentity } from '../domain/record-identity';
import type { SourceConfig } from '../domain/stream-config';

export interface RecordHandlerDeps {
  pool: Pool;
  registry: ConfigRegistry;
  fx: FxRateProvider;
  clock: Clock;
  zone: string;
  logger: Logger;
  /** Called after a commit that wrote goals.achieved outbox rows. */
  onRealized: () => void;
}

export interface HandledBatch {
  applied: number;
  notApplied: number;
  repeated: number;
  realized: number;
}

/** Source records are any JSON; what a stream needs is read through its paths. */
export function decodeSourceRecord(value: Buffer | null): unknown {
  if (!value || value.length === 0) throw poison('MESSAGE_UNDECODABLE', 'empty message value');
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch (err) {
    throw poison('MESSAGE_UNDECODABLE', 'value is not valid JSON', err);
  }
}

interface Pending {
  streamId: string;
  identity: string;
  consumed: ConsumedRecord<unknown>;
  source: SourceConfig;
  record: ExtractedRecord;
}

/**
 * Applies one partition batch of source records in ONE PostgreSQL transaction: per-(client,
 * stream) locks, identity marks (R8), rows, ledger, realizations and their outbox rows. The
 * runner commits the Kafka offset after this resolves. A record that can never apply (a path
 * missing, no FX rate) throws poison: the runner retries the batch record by record and
 * dead-letters only that one, and the rollback leaves nothing of it behind.
 */
export function createStreamRecordHandler(deps: RecordHandlerDeps) {
  const log = deps.logger.child({ component: 'stream-records' });

  return async function handle(batch: ConsumedRecord<unknown>[]): Promise<HandledBatch> {
    // One span per record: it continues the record's traceparent or (a CDC record) starts the
    // trace that its goals.achieved message and, later, its action call carry on.
    const spans = new Map<string, WorkSpan>();
    for (const consumed of batch) spans.set(positionKey(consumed), recordSpan(consumed));
    try {
      return await handleTraced(batch, spans);
    } finally {
      for (const span of spans.values()) span.end();
    }
  };

  async function handleTraced(
    batch: ConsumedRecord<unknown>[],
    spans: ReadonlyMap<string, WorkSpan>,
  ): Promise<HandledBatch> {
    const config = deps.registry.current();
    const pending = new Map<string, Pending>();
    for (const consumed of batch) {
      for (const { streamId, source } of config.byTopic.get(consumed.topic) ?? []) {
        const extracted = extractRecord(
          source,
          consumed.value,
          new Date(Number(consumed.timestamp)),
        );
        if (!extracted.ok) {
          throw poison(
            'MESSAGE_INVALID',
            `stream ${streamId}, source ${source.topic}: ${extracted.reason}`,
          );
        }
        const position = {
          topic: consumed.topic,
          partition: consumed.partition,
          offset: consumed.offset,
        };
        const identity = recordIdentity(position, extracted.record.recordId);
        const key = `${streamId}\u0000${identity}`;
        if (!pending.has(key))
          pending.set(key, { streamId, identity, consumed, source, record: extracted.record });
      }
    }
    if (pending.size === 0) return { applied: 0, notApplied: 0, repeated: 0, realized: 0 };

    const inputs = await convertAll([...pending.values()], config.streams, deps);
    await deps.clock.refresh();
    const now = deps.clock.now();

    const outcome = await withTransaction(deps.pool, async (tx) => {
      await lockPairs(
        tx,
        inputs.map((i) => ({ clientId: i.record.clientId, streamId: i.streamId })),
      );
      const claimed = await claimIdentities(tx, inputs);
      const fresh = inputs.filter((i) => claimed.has(`${i.streamId}\u0000${i.identity}`));
      const refs = await lookupReferences(
        tx,
        fresh.flatMap((i) =>
          i.record.reference === undefined
            ? []
            : [{ streamId: i.streamId, recordId: i.record.reference }],
        ),
      );
      const references = new Map(refs.map((r) => [referenceKey(r.streamId, r.recordId), r.begin]));
      const requests = new Map<string, RowRequest>();
      for (const input of fresh) {
        const stream = config.streams.get(input.streamId);
        if (!stream) continue;
        const referenced =
          input.record.reference === undefined
            ? undefined
            : references.get(referenceKey(input.streamId, input.record.reference));
        const pair = `${input.streamId}\u0000${input.record.clientId}`;
        const request = requests.get(pair) ?? {
          clientId: input.record.clientId,
          streamId: input.streamId,
          begins: [],
        };
        request.begins.push(
          ...periodsNeeded(stream.config, input, referenced).map((p) => p.beginInstant),
        );
        requests.set(pair, request);
      }
      const rows = await loadRows(tx, [...requests.values()]);
      const realized = await loadRealized(tx, rows);
      const plan = planBatch(
        config.streams,
        fresh,
        {
          rows,
          realized: new Set(realized.map((r) => realizedKey(r.clientId, r.goalId, r.begin))),
          references,
        },
        now,
      );
      await writeLedger(
        tx,
        plan.ledger,
        (id) => config.streams.get(id)?.config.targetCurrency ?? 'XXX',
      );
      await upsertRows(tx, plan.rows);
      const traceOf = (r: { cause?: RecordInput }) =>
        r.cause && spans.get(positionKey(r.cause.position));
      const realizedCount = await writeRealizations(
        tx,
        plan.realizations,
        (r) => traceOf(r)?.traceparent,
      );
      const applied = plan.ledger.filter((e) => e.applied).length;
      return {
        applied,
        notApplied: plan.ledger.length - applied,
        repeated: inputs.length - fresh.length,
        realized: realizedCount,
        ledger: plan.ledger,
        realizations: plan.realizations.map((r) => ({ r, span: traceOf(r) })),
      };
    });
    // After the commit: what each record did, on lines that carry the record's trace.
    if (log.isLevelEnabled('debug')) {
      for (const entry of outcome.ledger) {
        const span = spans.get(positionKey(entry.input.position));
        log.debug(
          {
            ...span?.bindings,
            ...entry.input.position,
            stream_id: entry.input.streamId,
            client_id: entry.input.record.clientId,
            applied: entry.applied,
            ...(entry.applied ? {} : { reason: entry.reason }),
          },
          'stream record applied',
        );
      }
    }
    for (const { r, span } of outcome.realizations) {
      log.info(
        {
          ...span?.bindings,
          client_id: r.clientId,
          goal_id: r.goalId,
          stream_id: r.streamId,
          realization_id: realizationId(r),
        },
        'goal realized',
      );
    }
    if (outcome.repeated > 0) {
      const first = batch[0];
      log.info(
        {
          topic: first?.topic,
          partition: first?.partition,
          offset: first?.offset,
          repeated: outcome.repeated,
        },
        'repeated records ignored',
      );
    }
    if (outcome.realized > 0) deps.onRealized();
    const { applied, notApplied, repeated, realized } = outcome;
    return { applied, notApplied, repeated, realized };
  }
}

const positionKey = (p: { topic: string; partition: number; offset: string }): string =>
  `${p.topic}\u0000${p.partition}\u0000${p.offset}`;

/** R9: rates for the event's local date; an unavailable rate is poison (replayable later). */
async function convertAll(
  pending: Pending[],
  streams: ReturnType<ConfigRegistry['current']>['streams'],
  deps: RecordHandlerDeps,
): Promise<RecordInput[]> {
  const target = (p: Pending) =>
    streams.get(p.streamId)?.config.targetCurrency ?? p.record.currency;
  const requests: FxRequest[] = pending
    .filter((p) => needsConversion(p.record.currency, target(p)))
    .map((p) => ({
      from: p.record.currency,
      to: target(p),
      date: fxDateFor(p.record.eventTime, deps.zone),
    }));
  const rates = await deps.fx.rates(requests);
  return pending.map((p) => {
    const to = target(p);
    let conversion;
    if (needsConversion(p.record.currency, to)) {
      const request = {
        from: p.record.currency,
        to,
        date: fxDateFor(p.record.eventTime, deps.zone),
      };
      const rate = rates.get(fxKey(request));
      if (!rate) {
        throw poison(
          'MESSAGE_REJECTED',
          `no FX rate for ${request.from}->${request.to} on ${request.date}`,
        );
      }
      conversion = convertAmount(p.record.amount, p.record.currency, to, rate);
    } else {
      conversion = convertAmount(p.record.amount, p.record.currency, to);
    }
    return {
      streamId: p.streamId,
      identity: p.identity,
      position: {
        topic: p.consumed.topic,
        partition: p.consumed.partition,
        offset: p.consumed.offset,
      },
      source: p.source,
      record: p.record,
      conversion,
    };
  });
}
