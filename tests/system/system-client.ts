import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Admin } from 'kafkajs';
import { gatewaySink } from '@tributary/loader';
import { createKafka, createProducer, type JsonProducer } from '@tributary/kafka';
import { testLogger, waitFor } from '@tributary/testing';
import { KEYS, ROOT, type RunningSystem } from './system-harness';

const run = promisify(execFile);

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** The system's public doors (query-api, ingest-gateway, the payment topics) and a Kafka observer. */
export interface SystemClient {
  /** GET as a viewer, or as an operator for the operator-only reads. */
  get<T>(path: string, role?: 'viewer' | 'operator'): Promise<T>;
  call<T>(
    method: string,
    path: string,
    body?: unknown,
    role?: 'viewer' | 'operator',
  ): Promise<ApiAnswer<T>>;
  /** POSTs events through ingest-gateway in batches; throws unless every event was accepted. */
  ingest(events: readonly unknown[], batchSize?: number): Promise<void>;
  sendPayments(topic: string, messages: { key: string; value: unknown }[]): Promise<void>;
  /** Until the group has committed every record of the topic (the services commit after their effect). */
  waitDrained(group: string, topic: string, timeoutMs?: number): Promise<void>;
  runCli(script: string, args: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function connectClient(system: RunningSystem): Promise<SystemClient> {
  const kafka = createKafka({
    brokers: system.brokers,
    clientId: 'system-test',
    logger: testLogger(),
  });
  const admin: Admin = kafka.admin();
  await admin.connect();
  let producer: JsonProducer | undefined;
  // Round-robin over the gateways, one batch each, as a load balancer in front of them would.
  const sinks = system.gatewayUrls.map((url) => gatewaySink(url, KEYS.producer));
  let turn = 0;

  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    role = method === 'GET' ? 'viewer' : 'operator',
  ): Promise<ApiAnswer<T>> => {
    const response = await fetch(`${system.apiUrl}${path}`, {
      method,
      headers: {
        'x-api-key': role === 'viewer' ? KEYS.viewer : KEYS.operator,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  };

  return {
    call,
    async get<T>(path: string, role: 'viewer' | 'operator' = 'viewer') {
      const answer = await call<T>('GET', path, undefined, role);
      if (answer.status !== 200)
        throw new Error(`GET ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async ingest(events, batchSize = 500) {
      for (let i = 0; i < events.length; i += batchSize) {
        const sink = sinks[turn++ % sinks.length];
        if (!sink) throw new Error('no ingest-gateway');
        const result = await sink.send(events.slice(i, i + batchSize));
        if (result.rejected.length)
          throw new Error(`gateway rejected ${JSON.stringify(result.rejected.slice(0, 3))}`);
      }
    },
    async sendPayments(topic, messages) {
      producer ??= await createProducer(kafka);
      await producer.sendJson(topic, messages);
    },
    async waitDrained(group, topic, timeoutMs = 120_000) {
      await waitFor(
        async () => {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
          const done = new Map(
            (committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
          );
          return ends.every(
            (end) => Math.max(0, done.get(end.partition) ?? -1) >= Number(end.high),
          );
        },
        { timeoutMs, intervalMs: 250, message: `group ${group} did not consume ${topic}` },
      );
    },
    async runCli(script, args) {
      const { stdout } = await run(process.execPath, [join(ROOT, script), ...args], {
        env: system.cliEnv,
        timeout: 120_000,
      });
      return stdout;
    },
    async close() {
      await producer?.disconnect();
      await admin.disconnect();
    },
  };
}
