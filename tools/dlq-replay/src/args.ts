import { parseArgs } from 'node:util';
import type { BadFilter } from './bad-events';
import { parseOffsetRange, type LetterFilter } from './dead-letters';

export const USAGE = `usage: dlq-replay --topic TOPIC | --dlq TOPIC.dlq | --bad-events TOPIC [options]
Lists the dead letters of TOPIC.dlq (code, reason, original partition and offset); with --replay,
re-produces the selected ones to their original topic and commits the tool's group offset.
  --brokers HOST:PORT,...   Kafka (default KAFKA_BROKERS or 127.0.0.1:9092)
  --group ID                the tool's consumer group (default dlq-replay.<dlq topic>)
  --from-beginning          read the whole .dlq topic, not just what the group has not committed
  --code CODE[,CODE]        select letters with these x-dlq-code values (repeatable)
  --offsets A-B | A- | A    select letters whose original offset is in the range (inclusive)
  --partition N             select letters from this original partition
  --dead-lettered-by GROUP  select letters one consumer group dead-lettered (x-dlq-group)
  --replay                  send the selected letters back to their original topic
  --no-commit               with --replay, leave the group offset where it was
  --limit N                 list at most N letters (default 100; the summary counts all)
  --json                    one JSON object per letter instead of a table
  --timeout-ms N            give up reading after N ms (default 30000)
The bad-events topic (--bad-events events.bad) holds rejected intake items and consumer dead
letters as JSON records (docs/event-contract.md). There --code selects reason codes, and:
  --source TEXT             select records whose source starts with TEXT (repeatable),
                            e.g. "ingest-gateway /v1/batch" or "events.raw.dlq from"
  --event-id ID             select records about this event id (repeatable)
  --dry-run                 with --replay, show the requests and messages, send nothing
  --gateway URL             where intake items go back (default INGEST_URL or
                            http://127.0.0.1:8081), authenticated with INGEST_API_KEY
  --per-request N           items per gateway request (default 500; at most MAX_BATCH_EVENTS)
Intake items go back through the gateway, which validates and maps them again (still invalid:
kept again with today's reasons); dead letters go back to their topic.`;

export interface CliArgs {
  mode: 'dlq' | 'bad-events';
  /** The topic read: a `.dlq` topic, or the bad-events topic. */
  dlqTopic: string;
  brokers: string[];
  group: string;
  fromBeginning: boolean;
  filter: LetterFilter;
  replay: boolean;
  commit: boolean;
  limit: number;
  json: boolean;
  timeoutMs: number;
  /** bad-events mode only. */
  badFilter: BadFilter;
  dryRun: boolean;
  gateway: string;
  perRequest: number;
}

export class UsageError extends Error {}

function positiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`--${flag} needs a positive integer, got "${text}"`);
  return Number(text);
}

export function parseCliArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        topic: { type: 'string' },
        dlq: { type: 'string' },
        'bad-events': { type: 'string' },
        source: { type: 'string', multiple: true },
        'event-id': { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        gateway: { type: 'string' },
        'per-request': { type: 'string' },
        brokers: { type: 'string' },
        group: { type: 'string' },
        'from-beginning': { type: 'boolean', default: false },
        code: { type: 'string', multiple: true },
        offsets: { type: 'string' },
        partition: { type: 'string' },
        'dead-lettered-by': { type: 'string' },
        replay: { type: 'boolean', default: false },
        'no-commit': { type: 'boolean', default: false },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const given = [v.topic, v.dlq, v['bad-events']].filter((t) => t !== undefined);
  if (given.length !== 1)
    throw new UsageError('give exactly one of --topic, --dlq and --bad-events');
  const mode = v['bad-events'] === undefined ? 'dlq' : 'bad-events';
  const dlqTopic = v['bad-events'] ?? v.dlq ?? `${v.topic as string}.dlq`;
  const onlyDlq = ['offsets', 'partition', 'dead-lettered-by'] as const;
  const misplaced = onlyDlq.find((flag) => mode === 'bad-events' && v[flag] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced} applies to .dlq topics, not --bad-events`);
  const onlyBad = ['source', 'event-id', 'gateway', 'per-request'] as const;
  const stray = onlyBad.find((flag) => mode === 'dlq' && v[flag] !== undefined);
  if (stray) throw new UsageError(`--${stray} applies only with --bad-events`);
  if (v['dry-run'] && !v.replay) throw new UsageError('--dry-run only applies with --replay');
  if (v['no-commit'] && !v.replay)
    throw new UsageError('--no-commit only applies with --replay (listing never commits)');
  const codes = (v.code ?? [])
    .flatMap((c) => c.split(','))
    .map((c) => c.trim())
    .filter(Boolean);
  let offsets;
  try {
    offsets = v.offsets === undefined ? undefined : parseOffsetRange(v.offsets);
  } catch (error) {
    throw new UsageError(`--offsets: ${(error as Error).message}`);
  }
  let partition: number | undefined;
  if (v.partition !== undefined) {
    if (!/^\d+$/.test(v.partition))
      throw new UsageError(`--partition needs a partition number, got "${v.partition}"`);
    partition = Number(v.partition);
  }
  const brokers = (v.brokers ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new UsageError('--brokers is empty');
  const filter: LetterFilter = { codes };
  if (offsets) filter.offsets = offsets;
  if (partition !== undefined) filter.partition = partition;
  if (v['dead-lettered-by'] !== undefined) filter.group = v['dead-lettered-by'];
  return {
    mode,
    dlqTopic,
    brokers,
    group: v.group ?? `dlq-replay.${dlqTopic}`,
    fromBeginning: v['from-beginning'] === true,
    filter,
    replay: v.replay === true,
    // A dry run moves nothing.
    commit: v.replay === true && v['no-commit'] !== true && v['dry-run'] !== true,
    limit: positiveInt('limit', v.limit, 100),
    json: v.json === true,
    timeoutMs: positiveInt('timeout-ms', v['timeout-ms'], 30_000),
    badFilter: { sources: v.source ?? [], codes, eventIds: v['event-id'] ?? [] },
    dryRun: v['dry-run'] === true,
    gateway: v.gateway ?? env.INGEST_URL ?? 'http://127.0.0.1:8081',
    perRequest: positiveInt('per-request', v['per-request'], 500),
  };
}
