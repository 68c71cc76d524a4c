// Replays the bad-events topic: reads it up to its end (as the .dlq mode does), selects records,
// and sends rejected intake items back through the gateway and dead letters back to their topic.
import type { Kafka } from '@tributary/kafka';
import { createProducer } from '@tributary/kafka';
import {
  planReplay,
  selectBad,
  toBadRecord,
  type BadFilter,
  type BadRecord,
  type ReplayPlan,
} from './bad-events';
import { commitSpans, readDeadLetters, type PartitionSpan, type ReadOptions } from './dlq-replay';

/** Sends one request to the gateway; resolves with its status and parsed body. */
export type GatewayPost = (
  route: string,
  body: unknown,
) => Promise<{ status: number; body: unknown }>;

/** The gateway at `baseUrl`, authenticated with a producer key (never from the command line). */
export function gatewayPost(baseUrl: string, apiKey: string): GatewayPost {
  return async (route, body) => {
    const response = await fetch(new URL(route, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Kept as text for the error message.
    }
    return { status: response.status, body: parsed };
  };
}

export interface BadRunOptions extends ReadOptions {
  filter: BadFilter;
  replay: boolean;
  /** With replay: plan and show, send nothing, commit nothing. */
  dryRun: boolean;
  commit: boolean;
  /** Items per gateway request (at most the gateway's MAX_BATCH_EVENTS). */
  perRequest: number;
}

export interface BadRunResult {
  read: number;
  unreadable: { at: string; unreadable: string }[];
  selected: BadRecord[];
  plan: ReplayPlan;
  /** What the gateway said of the items sent back: accepted now, or rejected (and kept) again. */
  accepted: number;
  rejected: number;
  /** Dead letters sent back to their topics. */
  republished: number;
  committed: boolean;
  spans: PartitionSpan[];
}

function countsOf(body: unknown): { accepted: number; rejected: number } | undefined {
  const b = body as { accepted?: unknown; rejected?: unknown } | null;
  return typeof b?.accepted === 'number' && typeof b.rejected === 'number'
    ? { accepted: b.accepted, rejected: b.rejected }
    : undefined;
}

function errorCode(body: unknown): unknown {
  const b = body as { error?: { code?: unknown }; code?: unknown } | null;
  return b?.error?.code ?? b?.code;
}

export async function runBadEventsReplay(
  kafka: Kafka,
  options: BadRunOptions,
  post: GatewayPost | undefined,
): Promise<BadRunResult> {
  const { letters, spans } = await readDeadLetters(kafka, options);
  const records: BadRecord[] = [];
  const unreadable: BadRunResult['unreadable'] = [];
  for (const letter of letters) {
    const record = toBadRecord(letter);
    if ('unreadable' in record) unreadable.push(record);
    else records.push(record);
  }
  const selected = selectBad(records, options.filter);
  const plan = planReplay(selected, options.perRequest);
  const result: BadRunResult = {
    read: letters.length,
    unreadable,
    selected,
    plan,
    accepted: 0,
    rejected: 0,
    republished: 0,
    committed: false,
    spans,
  };
  if (!options.replay || options.dryRun) return result;
  if (plan.http.length > 0 && !post) {
    throw new Error('replaying intake items needs the gateway: set --gateway and INGEST_API_KEY');
  }
  for (const request of plan.http) {
    const answer = await (post as GatewayPost)(request.route, request.body);
    const counts =
      countsOf(answer.body) ??
      countsOf((answer.body as { error?: { details?: unknown } })?.error?.details);
    if (answer.status === 202 && counts) {
      result.accepted += counts.accepted;
      result.rejected += counts.rejected;
    } else if (answer.status === 400 && errorCode(answer.body) === 'VALIDATION_FAILED') {
      // Still invalid: the gateway kept them on the bad-events topic again, with today's reasons.
      result.rejected += request.count;
    } else {
      // Nothing is committed: the run can be repeated (the gateway and consumers are idempotent).
      throw new Error(
        `the gateway answered ${answer.status} to ${request.route}: ${JSON.stringify(answer.body).slice(0, 300)}`,
      );
    }
  }
  if (plan.kafka.length > 0) {
    const producer = await createProducer(kafka);
    try {
      const byTopic = new Map<string, typeof plan.kafka>();
      for (const m of plan.kafka) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
      for (const [topic, messages] of byTopic) {
        for (let i = 0; i < messages.length; i += 500) {
          const chunk = messages.slice(i, i + 500);
          await producer.send(
            topic,
            chunk.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
          );
          result.republished += chunk.length;
        }
      }
    } finally {
      await producer.disconnect();
    }
  }
  if (options.commit && letters.length > 0) {
    await commitSpans(kafka, options.group, options.dlqTopic, spans);
    result.committed = true;
  }
  return result;
}
