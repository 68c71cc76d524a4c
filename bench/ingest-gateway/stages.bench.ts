/**
 * Where a batched event's CPU time goes in the gateway, stage by stage, without HTTP or a broker:
 * the body's JSON parse (libs/http), validation and stamping (takeIn), the record (key, JSON,
 * headers, as the publisher builds it), and kafkajs encoding the produce request (partitioning,
 * records, batch, CRC). CPU microseconds per event; each stage runs for `seconds` after a warm-up.
 * Run: npx tsx bench/ingest-gateway/stages.bench.ts [seconds=2]
 */
import { createRequire } from 'node:module';
import { DEFAULT_CHANNEL_RULES } from '@tributary/channel-grouping';
import { takeIn } from '@tributary/event-intake';
import { parseJsonBody } from '@tributary/http';
import { recordInput, type IHeaders, type RecordInput } from '@tributary/kafka';
import { customerKey, type CustomerEvent } from '@tributary/schemas';
import { Partitioners } from 'kafkajs';

const seconds = Number(process.argv[2] ?? 2);

interface Record {
  key: string;
  value: string;
  headers: IHeaders;
}
type Group = (args: {
  topic: string;
  partitionMetadata: { partitionId: number; leader: number }[];
  messages: RecordInput[];
  partitioner: ReturnType<typeof Partitioners.DefaultPartitioner>;
}) => { [partition: string]: RecordInput[] };
type ProduceRequest = (args: {
  acks: number;
  timeout: number;
  compression: number;
  producerId: number;
  producerEpoch: number;
  topicData: {
    topic: string;
    partitions: { partition: number; firstSequence: number; messages: RecordInput[] }[];
  }[];
}) => { encode(): Promise<unknown> };
// kafkajs's own internals, the code its producer runs for each request (kafkajs is pinned).
const internal = createRequire(require.resolve('kafkajs'));
const group = internal('./src/producer/groupMessagesPerPartition') as Group;
const produceRequest = internal('./src/protocol/requests/produce/v3/request') as ProduceRequest;

const now = new Date();
const rules = { channelRules: DEFAULT_CHANNEL_RULES, ownHosts: [], maxFutureSkewMs: 300_000 };
const items = Array.from({ length: 100 }, (_, i) => ({
  event_id: `bench-${i}`,
  type: 'product_view',
  occurred_at: now.toISOString(),
  user_id: `user-${i % 500}`,
  platform: 'web',
  properties: { product_id: `product-${i % 1000}`, category_id: `category-${i % 20}` },
}));
const body = JSON.stringify({ events: items });
const accepted: CustomerEvent[] = takeIn(items, rules, now).accepted;
const toRecord = (event: CustomerEvent): Record => ({
  key: customerKey(event),
  value: JSON.stringify(event),
  headers: { 'event-type': event.type, 'event-id': event.event_id },
});
/** A coalesced request as the producer hands it to kafkajs: 1,000 events over 6 partitions. */
const request = Array.from({ length: 10 }, () => accepted.map(toRecord))
  .flat()
  .map(recordInput);
const partitioner = Partitioners.DefaultPartitioner();
const partitionMetadata = Array.from({ length: 6 }, (_, partitionId) => ({
  partitionId,
  leader: 1,
}));

async function cpuPerEvent(eventsPerCall: number, call: () => unknown): Promise<number> {
  const until = (ms: number) => performance.now() + ms;
  for (let end = until(300); performance.now() < end;) await call();
  const before = process.cpuUsage();
  let events = 0;
  for (let end = until(seconds * 1000); performance.now() < end; events += eventsPerCall)
    await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / events;
}

async function main(): Promise<void> {
  const stages: [string, number, () => unknown][] = [
    ['JSON parse of the body (parseJsonBody)', items.length, () => parseJsonBody(body)],
    ['validation and stamping (takeIn)', items.length, () => takeIn(items, rules, now)],
    ['the record: key, JSON value, headers', accepted.length, () => accepted.map(toRecord)],
    [
      'kafkajs: partitioning and encoding the produce request',
      request.length,
      () => {
        const perPartition = group({
          topic: 't',
          partitionMetadata,
          messages: request,
          partitioner,
        });
        return produceRequest({
          acks: -1,
          timeout: 30_000,
          compression: 0,
          producerId: 1,
          producerEpoch: 0,
          topicData: [
            {
              topic: 't',
              partitions: Object.entries(perPartition).map(([partition, messages]) => ({
                partition: Number(partition),
                firstSequence: 0,
                messages,
              })),
            },
          ],
        }).encode();
      },
    ],
  ];
  const results: [string, number][] = [];
  for (const [name, count, call] of stages) results.push([name, await cpuPerEvent(count, call)]);
  const total = results.reduce((sum, [, us]) => sum + us, 0);
  console.log(`gateway stages, CPU per event (batches of 100), ${new Date().toISOString()}`);
  console.log('| stage | CPU µs/event | share |');
  console.log('| --- | ---: | ---: |');
  for (const [name, us] of results)
    console.log(`| ${name} | ${us.toFixed(2)} | ${Math.round((100 * us) / total)}% |`);
  console.log(`| sum (without HTTP, sockets and the broker's answer) | ${total.toFixed(2)} | |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
