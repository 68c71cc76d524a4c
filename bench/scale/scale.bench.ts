// Scaling figures (issue 20, item 2): events/s through journey-stitcher and realtime-analytics with
// 1, 2 and 3 instances (each its own process, as deployed) and the CPU seconds each instance spends
// per 1,000 events, the per-instance cost docs/scaling.md's capacity model is built from.
// After `npx tsc -b tsconfig.build.json`:
//   npx tsx bench/scale/scale.bench.ts [events=60000] [partitions=6] [services=realtime-analytics,journey-stitcher]
// The input is the demo generator's traffic stamped in the last few minutes, sent once through
// ingest-gateway into one topic; each run then consumes that topic from the start with a fresh
// consumer group (and, for the stitcher, a fresh warehouse), so every run does the same work.
import { readFileSync } from 'node:fs';
import { createKafka } from '@tributary/kafka';
import { generateTraffic } from '@tributary/demo-data';
import type { CustomerEventInput } from '@tributary/schemas';
import { silentLogger } from '@tributary/logging';
import { connectClient } from '../../tests/system/system-client';
import {
  startSystem,
  systemNames,
  type RunningSystem,
  type ServiceName,
  type SystemNames,
} from '../../tests/system/system-harness';

const wanted = Number(process.argv[2] ?? 60_000);
const partitions = Number(process.argv[3] ?? 6);
const services = (process.argv[4] ?? 'realtime-analytics,journey-stitcher').split(
  ',',
) as ServiceName[];
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** CPU seconds (user + system) a process has used since it started. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** The demo's traffic, dense enough: users' sessions placed in the last few minutes. */
function traffic(): CustomerEventInput[] {
  const events: CustomerEventInput[] = [];
  const now = Date.now();
  generateTraffic(
    {
      seed: 20,
      users: Math.ceil(wanted / 3),
      products: 1000,
      categories: 20,
      paymentClients: 0,
      start: new Date(now - 240_000),
      spanMs: 230_000,
    },
    (e) => events.push(...e),
  );
  return events.slice(0, wanted);
}

async function fill(names: SystemNames, events: CustomerEventInput[]): Promise<void> {
  const system = await startSystem(0, { only: ['ingest-gateway'], names, partitions });
  const client = await connectClient(system);
  try {
    const batches: CustomerEventInput[][] = [];
    for (let i = 0; i < events.length; i += 500) batches.push(events.slice(i, i + 500));
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let b = batches.shift(); b; b = batches.shift()) await client.ingest(b);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `intake: ${events.length} events in ${seconds.toFixed(1)} s through one gateway (load ${load()})`,
    );
  } finally {
    await client.close();
    await system.stop();
  }
}

async function committed(
  admin: ReturnType<ReturnType<typeof createKafka>['admin']>,
  group: string,
  topic: string,
): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

interface Figure {
  service: ServiceName;
  instances: number;
  eventsPerSecond: number;
  cpuPer1000: number;
  load: string;
  /** CPU seconds of the PostgreSQL backends serving the instances, per 1,000 events (stitcher). */
  pgCpuPer1000?: number;
  /** Warehouse bytes (tables and indexes) per raw event and per journey, stitcher runs only. */
  bytesPerEvent?: number;
  bytesPerJourney?: number;
}

async function warehouseBytes(pool: RunningSystem['db']['pool']) {
  const size = async (sql: string) =>
    Number((await pool.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  const events = await size('SELECT count(*) AS n FROM raw_events');
  const journeys = await size('SELECT count(*) AS n FROM customer_journeys');
  const eventBytes = await size(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS n FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'raw_events'::regclass`,
  );
  const journeyBytes = await size(`SELECT pg_total_relation_size('customer_journeys') AS n`);
  return {
    bytesPerEvent: Math.round(eventBytes / Math.max(1, events)),
    bytesPerJourney: Math.round(journeyBytes / Math.max(1, journeys)),
  };
}

/**
 * k instances of one service on the filled topic, a fresh group: from the moment every instance
 * is ready (start-up left out) to the group's end, the events committed in between per second
 * and the CPU seconds the instances spent per 1,000 of them.
 */
async function measure(
  base: SystemNames,
  service: ServiceName,
  k: number,
  total: number,
): Promise<Figure> {
  // Fresh groups, Redis prefix and database: every run does all the work again.
  const fresh = systemNames();
  const names: SystemNames = { ...base, groups: fresh.groups, redisPrefix: fresh.redisPrefix };
  const group = service === 'journey-stitcher' ? names.groups.stitcher : names.groups.realtime;
  const kafka = createKafka({ brokers: BROKERS, clientId: 'scale-bench', logger: silentLogger() });
  const admin = kafka.admin();
  await admin.connect();
  const system = await startSystem(0, { only: [service], instances: { [service]: k }, names });
  try {
    const pids = system.pids(service);
    const cpuNow = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    // The database's own backends (the services' pools; WAL writer and checkpointer left out).
    const backends = new Map<number, number>();
    const pgCpu = async () => {
      const { rows } = await system.db.pool.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      let sum = 0;
      for (const { pid } of rows) {
        const now = (() => {
          try {
            return cpuSeconds(pid);
          } catch {
            return backends.get(pid) ?? 0;
          }
        })();
        if (!backends.has(pid)) backends.set(pid, now);
        sum += now - (backends.get(pid) ?? now);
      }
      return sum;
    };
    const first = {
      at: performance.now(),
      done: await committed(admin, group, names.eventsTopic),
      cpu: cpuNow(),
    };
    await pgCpu();
    let pgSpent = 0;
    while ((await committed(admin, group, names.eventsTopic)) < total) {
      pgSpent = Math.max(pgSpent, await pgCpu());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    pgSpent = Math.max(pgSpent, await pgCpu());
    const seconds = (performance.now() - first.at) / 1000;
    const cpu = cpuNow() - first.cpu;
    const events = total - first.done;
    return {
      service,
      instances: k,
      eventsPerSecond: Math.round(events / seconds),
      cpuPer1000: (cpu / events) * 1000,
      load: load(),
      ...(service === 'journey-stitcher'
        ? { pgCpuPer1000: (pgSpent / events) * 1000, ...(await warehouseBytes(system.db.pool)) }
        : {}),
    };
  } finally {
    await admin.disconnect();
    await system.stop();
  }
}

async function main(): Promise<void> {
  const names = systemNames();
  const events = traffic();
  console.log(`load before: ${load()}; ${events.length} events, ${partitions} partitions`);
  await fill(names, events);
  const figures: Figure[] = [];
  for (const service of services) {
    for (const k of [1, 2, 3]) {
      const figure = await measure(names, service, k, events.length);
      figures.push(figure);
      console.log(
        `${service} x${k}: ${figure.eventsPerSecond} events/s, ` +
          `${figure.cpuPer1000.toFixed(3)} CPU s per 1,000 events (load ${figure.load})` +
          (figure.bytesPerEvent
            ? `; PostgreSQL backends ${figure.pgCpuPer1000?.toFixed(3)} CPU s per 1,000 events; ` +
              `warehouse ${figure.bytesPerEvent} B per raw event, ${figure.bytesPerJourney} B per journey`
            : ''),
      );
    }
  }
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
