import { parseArgs } from 'node:util';
import { parseOffsetRange, type LetterFilter } from './dead-letters';

export const USAGE = `usage: dlq-replay --topic TOPIC | --dlq TOPIC.dlq [options]
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
  --timeout-ms N            give up reading after N ms (default 30000)`;

export interface CliArgs {
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
  if ((v.topic === undefined) === (v.dlq === undefined))
    throw new UsageError('give exactly one of --topic and --dlq');
  const dlqTopic = v.dlq ?? `${v.topic as string}.dlq`;
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
    dlqTopic,
    brokers,
    group: v.group ?? `dlq-replay.${dlqTopic}`,
    fromBeginning: v['from-beginning'] === true,
    filter,
    replay: v.replay === true,
    commit: v.replay === true && v['no-commit'] !== true,
    limit: positiveInt('limit', v.limit, 100),
    json: v.json === true,
    timeoutMs: positiveInt('timeout-ms', v['timeout-ms'], 30_000),
  };
}
