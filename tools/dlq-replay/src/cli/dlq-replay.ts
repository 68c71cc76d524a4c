#!/usr/bin/env node
// Shows and replays dead letters and bad events:
//   node tools/dlq-replay/dist/cli/dlq-replay.js --topic events.raw
//   node tools/dlq-replay/dist/cli/dlq-replay.js --topic events.raw --code invalid_event --offsets 1200-1300 --replay
//   INGEST_API_KEY=... node tools/dlq-replay/dist/cli/dlq-replay.js --bad-events events.bad --source "ingest-gateway /v1/batch" --replay --dry-run
import { createKafka, kafkaSecurityFromEnv } from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from '../args';
import { countBySourceAndCode, formatBad } from '../bad-events';
import { gatewayPost, runBadEventsReplay } from '../bad-events-replay';
import { countByCode, formatLetter } from '../dead-letters';
import { runDlqReplay } from '../dlq-replay';

export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const logger = createLogger({ service: 'dlq-replay', level: env.LOG_LEVEL ?? 'warn' });
  const kafka = createKafka({
    brokers: args.brokers,
    clientId: 'dlq-replay',
    logger,
    security: kafkaSecurityFromEnv(env),
  });
  if (args.mode === 'bad-events') return badEvents(kafka, args, env);
  const result = await runDlqReplay(kafka, args);
  const shown = result.selected.slice(0, args.limit);
  for (const letter of shown) {
    if (args.json) {
      const { key, value, ...rest } = letter;
      process.stdout.write(
        `${JSON.stringify({ ...rest, key: key?.toString() ?? null, value: value?.toString() ?? null })}\n`,
      );
    } else {
      process.stdout.write(`${formatLetter(letter)}\n`);
    }
  }
  const summary = {
    dlq: args.dlqTopic,
    group: args.group,
    read: result.read.length,
    selected: result.selected.length,
    shown: shown.length,
    by_code: countByCode(result.selected),
    replayed: result.replayed,
    committed: result.committed,
    partitions: result.spans,
  };
  process.stderr.write(`${JSON.stringify(summary)}\n`);
  if (!args.replay && result.selected.length > 0) {
    process.stderr.write(
      'listing only: add --replay to send the selected letters back to their topic\n',
    );
  }
  return 0;
}

async function badEvents(
  kafka: ReturnType<typeof createKafka>,
  args: CliArgs,
  env: Record<string, string | undefined>,
): Promise<number> {
  const apiKey = env.INGEST_API_KEY;
  const post = apiKey ? gatewayPost(args.gateway, apiKey) : undefined;
  const result = await runBadEventsReplay(kafka, { ...args, filter: args.badFilter }, post);
  const shown = result.selected.slice(0, args.limit);
  for (const record of shown) {
    process.stdout.write(`${args.json ? JSON.stringify(record) : formatBad(record)}\n`);
  }
  if (args.dryRun) {
    for (const request of result.plan.http) {
      process.stdout.write(
        `${JSON.stringify({ would_post: request.route, to: args.gateway, items: request.count, body: request.body })}\n`,
      );
    }
    for (const m of result.plan.kafka) {
      process.stdout.write(
        `${JSON.stringify({ would_produce: m.topic, key: m.key, bytes: m.value.length })}\n`,
      );
    }
  }
  const summary = {
    topic: args.dlqTopic,
    group: args.group,
    read: result.read,
    unreadable: result.unreadable.length,
    selected: result.selected.length,
    shown: shown.length,
    by_source_and_code: countBySourceAndCode(result.selected),
    dry_run: args.dryRun,
    accepted: result.accepted,
    rejected_again: result.rejected,
    republished: result.republished,
    committed: result.committed,
    partitions: result.spans,
  };
  process.stderr.write(`${JSON.stringify(summary)}\n`);
  if (!args.replay && result.selected.length > 0) {
    process.stderr.write('listing only: add --replay --dry-run to see what would be sent\n');
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `dlq-replay: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
