import type { StreamDefinition, StreamSource } from '@tributary/schemas';
import { parsePath, type PathStep } from './read-path';
import { parseSpan } from './parse-span';
import { topicName } from './topic-name';
import type { Frequency } from './period-for';

/** A validated stream definition in the form the domain computes with. */
export interface StreamConfig {
  streamId: string;
  frequency: Frequency;
  targetCurrency: string;
  /** The largest span among the sources: Full End = End + this (R2). */
  maxSpanMs: number;
  sources: SourceConfig[];
}

export interface SourceConfig {
  /** The Kafka topic (R10), already resolved from a REST-proxy URL. */
  topic: string;
  type: 'add' | 'subtract';
  spanMs: number;
  clientIdPath: PathStep[];
  amountPath: PathStep[];
  currencyPath: PathStep[];
  timestampPath?: PathStep[];
  referencePath?: PathStep[];
  idPath?: PathStep[];
}

export function idText(id: string | number): string {
  return String(id);
}

/** Builds the config of a definition that validateStreamDefinition accepted; throws otherwise. */
export function toStreamConfig(definition: StreamDefinition, zone: string): StreamConfig {
  const sources = definition.sources.map(toSourceConfig);
  return {
    streamId: idText(definition['stream-id']),
    frequency: { cron: definition.frequency.trim(), zone },
    targetCurrency: definition['target-currency'],
    maxSpanMs: Math.max(0, ...sources.map((s) => s.spanMs)),
    sources,
  };
}

function toSourceConfig(source: StreamSource): SourceConfig {
  const topic = topicName(source.topic);
  if (!topic.ok) throw new Error(`stream source topic: ${topic.reason}`);
  const span = source.span === undefined ? { ok: true as const, ms: 0 } : parseSpan(source.span);
  if (!span.ok) throw new Error(`stream source span: ${span.reason}`);
  const optional = (text: string | undefined): PathStep[] | undefined =>
    text === undefined ? undefined : steps(text);
  return {
    topic: topic.topic,
    type: source.type,
    spanMs: span.ms,
    clientIdPath: steps(source['client-id-path']),
    amountPath: steps(source['amount-path']),
    currencyPath: steps(source['currency-path']),
    timestampPath: optional(source['timestamp-path']),
    referencePath: optional(source['reference-path']),
    idPath: optional(source['id-path']),
  };
}

function steps(text: string): PathStep[] {
  const parsed = parsePath(text);
  if (!parsed.ok) throw new Error(`stream source path "${text}": ${parsed.reason}`);
  return parsed.steps;
}
