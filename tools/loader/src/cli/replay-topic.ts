import { parseArgs } from 'node:util';
import { createKafka, kafkaSecurityFromEnv } from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import { ensureReplayTopic } from '../replay-topic';

const USAGE = `usage: replay-topic --topic T [--topic T2 ...] [--fix] [--brokers 127.0.0.1:9092]
  [--partitions 3] [--replication-factor 1]
Creates each missing topic with time retention off (retention.ms=-1), and checks existing ones:
exit 1 when one still deletes by time (--fix turns it off, keeping its other settings).`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      topic: { type: 'string', multiple: true },
      fix: { type: 'boolean', default: false },
      brokers: { type: 'string', default: '127.0.0.1:9092' },
      partitions: { type: 'string', default: '3' },
      'replication-factor': { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  const partitions = Number(values.partitions);
  const replicationFactor = Number(values['replication-factor']);
  if (values.help || !values.topic?.length || !(partitions >= 1) || !(replicationFactor >= 1)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const logger = createLogger({ service: 'replay-topic', level: 'warn' });
  const kafka = createKafka({
    brokers: values.brokers.split(','),
    clientId: 'replay-topic',
    logger,
    security: kafkaSecurityFromEnv(process.env),
  });
  let ok = true;
  for (const topic of values.topic) {
    const state = await ensureReplayTopic(kafka, {
      topic,
      partitions,
      replicationFactor,
      fix: values.fix,
    });
    ok &&= state.ok;
    process.stdout.write(`${JSON.stringify(state)}\n`);
  }
  return ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
