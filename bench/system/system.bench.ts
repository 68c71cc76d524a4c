// End-to-end benchmark of the whole system (every service its own process, real Kafka, Redis,
// PostgreSQL), reusing the system test's harness. After `npx tsc -b tsconfig.build.json`:
//   npx tsx bench/system/system.bench.ts [users=1500] [samples=40]
import { createRandom, generateTraffic } from '@tributary/demo-data';
import type { CustomerEventInput } from '@tributary/schemas';
import { connectClient, type SystemClient } from '../../tests/system/system-client';
import { startSystem, type RunningSystem } from '../../tests/system/system-harness';
import { paymentRecords } from '../../tests/system/system-input';
import { configureCampaign, startReceiver } from '../../tests/system/system-scenario';

const users = Number(process.argv[2] ?? 1500);
const samples = Number(process.argv[3] ?? 40);

const p = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: p(sorted, 0.5), p95: p(sorted, 0.95), max: sorted[sorted.length - 1] ?? NaN };
};

async function poll(probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('not visible in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Synthetic traffic (stamped in the last hour, so realtime counts its views) with 4 requests in flight. */
async function throughput(system: RunningSystem, client: SystemClient) {
  const events: CustomerEventInput[] = [];
  const now = Date.now();
  generateTraffic(
    {
      seed: 7,
      users,
      products: 1000,
      categories: 20,
      paymentClients: 0,
      start: new Date(now - 3_600_000),
      spanMs: 3_500_000,
    },
    (e) => events.push(...e),
  );
  const batches: CustomerEventInput[][] = [];
  for (let i = 0; i < events.length; i += 500) batches.push(events.slice(i, i + 500));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) await client.ingest(batch);
    }),
  );
  const accepted = performance.now();
  await client.waitDrained(system.names.groups.realtime, system.names.eventsTopic, 600_000);
  const realtime = performance.now();
  await client.waitDrained(system.names.groups.stitcher, system.names.eventsTopic, 600_000);
  const stitched = performance.now();
  const rate = (ms: number) => Math.round(events.length / ((ms - started) / 1000));
  return {
    events: events.length,
    gateway: rate(accepted),
    realtime: rate(realtime),
    stitcher: rate(stitched),
  };
}

/** One marker view at a time, polled in the 5-minute users view. */
async function viewLatency(client: SystemClient): Promise<number[]> {
  const random = createRandom(11);
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const user = `marker-${Date.now()}-${i}`;
    const sent = performance.now();
    await client.ingest([
      {
        event_id: `${user}-view`,
        type: 'product_view',
        occurred_at: new Date().toISOString(),
        user_id: user,
        platform: 'web',
        properties: { product_id: `product-${random.int(1, 1000)}`, category_id: 'category-1' },
      },
    ]);
    await poll(async () => {
      const answer = await client.get<{ users: { user_id: string }[] }>(
        '/v1/realtime/users?limit=1000',
      );
      return answer.users.some((u) => u.user_id === user);
    });
    latencies.push(performance.now() - sent);
  }
  return latencies;
}

/** One payment of 1000 TRL (goal 101's target) per new client, polled in its goal realizations. */
async function goalLatency(system: RunningSystem, client: SystemClient): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const clientId = String(4300000000 + i);
    const sent = performance.now();
    await client.sendPayments(
      system.names.paymentsTopic,
      paymentRecords({ clientId, amounts: [1000] }, 0, 1),
    );
    await poll(
      async () =>
        (await client.get<{ items: unknown[] }>(`/v1/clients/${clientId}/goal-realizations`)).items
          .length > 0,
    );
    latencies.push(performance.now() - sent);
  }
  return latencies;
}

async function main(): Promise<void> {
  const receiver = await startReceiver();
  const system = await startSystem(receiver.port);
  const client = await connectClient(system);
  try {
    await configureCampaign(system, client, receiver.port);
    const rates = await throughput(system, client);
    const view = stats(await viewLatency(client));
    const goal = stats(await goalLatency(system, client));
    const ms = (v: number) => v.toFixed(0);
    console.log(
      `\n${rates.events} events from ${users} synthetic users; ${samples} latency samples each\n`,
    );
    console.log('| measure | value |');
    console.log('| --- | ---: |');
    console.log(`| gateway intake (events/s, 4 concurrent 500-event batches) | ${rates.gateway} |`);
    console.log(
      `| through realtime-analytics (events/s, intake start to group drained) | ${rates.realtime} |`,
    );
    console.log(
      `| through journey-stitcher (events/s, intake start to group drained) | ${rates.stitcher} |`,
    );
    console.log(
      `| ingest to visible in /v1/realtime/users: p50 / p95 / max ms | ${ms(view.p50)} / ${ms(view.p95)} / ${ms(view.max)} |`,
    );
    console.log(
      `| payment record to /goal-realizations: p50 / p95 / max ms | ${ms(goal.p50)} / ${ms(goal.p95)} / ${ms(goal.max)} |`,
    );
  } finally {
    await client.close();
    await system.stop();
    await receiver.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
