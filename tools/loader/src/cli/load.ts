import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { kafkaSecurityFromEnv } from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import type { EventTimes } from '../event-times';
import { parseCategoryMap } from '../formats/hepsiburada';
import { formatOf, readRecords } from '../formats/read-records';
import { runLoad } from '../load';
import { createProgress } from '../progress';
import { gatewaySink } from '../sinks/gateway-sink';
import { kafkaSink } from '../sinks/kafka-sink';

const USAGE = `usage: load --file FILE [--format jsonl|json|csv] [--via gateway|kafka]
  [--gateway-url http://127.0.0.1:8081] [--api-key KEY (or TRIBUTARY_API_KEY)]
  [--brokers 127.0.0.1:9092] [--topic events.raw] [--batch-size 500] [--rate EVENTS_PER_S]
  [--time now|keep|spread] [--start ISO] [--span-seconds N] [--categories product-category-map.csv]`;

async function countRecords(file: string, format: ReturnType<typeof formatOf>): Promise<number> {
  let n = 0;
  for await (const _ of readRecords(file, format)) n += 1;
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      format: { type: 'string' },
      via: { type: 'string', default: 'gateway' },
      'gateway-url': { type: 'string', default: 'http://127.0.0.1:8081' },
      'api-key': { type: 'string' },
      brokers: { type: 'string', default: '127.0.0.1:9092' },
      topic: { type: 'string', default: 'events.raw' },
      'batch-size': { type: 'string', default: '500' },
      rate: { type: 'string', default: '0' },
      time: { type: 'string', default: 'now' },
      start: { type: 'string' },
      'span-seconds': { type: 'string', default: '3600' },
      categories: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.file) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const file = values.file;
  const format = formatOf(file, values.format);
  const categoriesFile =
    values.categories ??
    (existsSync('datasets/hepsiburada-case/product-category-map.csv')
      ? 'datasets/hepsiburada-case/product-category-map.csv'
      : undefined);
  const categories = categoriesFile
    ? parseCategoryMap(readFileSync(categoriesFile, 'utf8'))
    : new Map<string, string>();
  const total = await countRecords(file, format);
  let times: EventTimes;
  if (values.time === 'spread') {
    const start = new Date(values.start ?? Date.now() - Number(values['span-seconds']) * 1000);
    if (Number.isNaN(start.getTime())) throw new Error('--start must be an ISO date-time');
    times = { mode: 'spread', start, spanMs: Number(values['span-seconds']) * 1000, total };
  } else if (values.time === 'keep' || values.time === 'now') {
    times = { mode: values.time };
  } else {
    process.stderr.write(`--time must be now, keep or spread\n${USAGE}\n`);
    return 2;
  }
  const logger = createLogger({ service: 'loader', level: 'warn' });
  const sink =
    values.via === 'kafka'
      ? await kafkaSink(
          values.brokers.split(','),
          values.topic,
          logger,
          kafkaSecurityFromEnv(process.env),
        )
      : gatewaySink(values['gateway-url'], values['api-key'] ?? process.env.TRIBUTARY_API_KEY);
  const progress = createProgress(total);
  try {
    const summary = await runLoad(readRecords(file, format), sink, {
      batchSize: Number(values['batch-size']),
      ratePerSecond: Number(values.rate),
      times,
      categories,
      onProgress: progress.update,
    });
    progress.finish(summary.read);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } finally {
    await sink.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`load failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
