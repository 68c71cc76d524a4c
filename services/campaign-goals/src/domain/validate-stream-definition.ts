import {
  checkStreamDefinitionShape,
  type StreamDefinition,
  type Validated,
  type ValidationIssue,
} from '@tributary/schemas';
import { checkCron } from './check-cron';
import { parsePath } from './read-path';
import { parseSpan } from './parse-span';
import { topicName } from './topic-name';

const PATH_FIELDS = [
  'client-id-path',
  'amount-path',
  'currency-path',
  'timestamp-path',
  'reference-path',
  'id-path',
] as const;

/**
 * A stream definition's shape (libs/schemas) and meaning: cron in `zone`, spans (R2), JSON paths,
 * topics (R10), one source per topic, reference-path only where it means something. Issue paths
 * are JSON pointers (`/sources/1/span`) like the shape's.
 */
export function validateStreamDefinition(
  input: unknown,
  zone: string,
  now: Date,
): Validated<StreamDefinition> {
  const shape = checkStreamDefinitionShape(input);
  if (!shape.ok) return shape;
  const issues = streamDefinitionIssues(shape.value, zone, now);
  return issues.length > 0 ? { ok: false, issues } : shape;
}

export function streamDefinitionIssues(
  definition: StreamDefinition,
  zone: string,
  now: Date,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const cron = checkCron(definition.frequency, zone, now);
  if (cron) issues.push({ path: '/frequency', message: cron });
  const topics = new Map<string, number>();
  definition.sources.forEach((source, i) => {
    const at = `/sources/${i}`;
    const topic = topicName(source.topic);
    if (!topic.ok) issues.push({ path: `${at}/topic`, message: topic.reason });
    else if (topics.has(topic.topic)) {
      issues.push({
        path: `${at}/topic`,
        message: `topic ${topic.topic} is already source ${topics.get(topic.topic)}; a record would count twice`,
      });
    } else topics.set(topic.topic, i);
    if (source.span !== undefined) {
      const span = parseSpan(source.span);
      if (!span.ok) issues.push({ path: `${at}/span`, message: span.reason });
    }
    for (const field of PATH_FIELDS) {
      const text = source[field];
      if (text === undefined) continue;
      const path = parsePath(text);
      if (!path.ok) issues.push({ path: `${at}/${field}`, message: path.reason });
    }
    if (source['reference-path'] !== undefined && source.type !== 'subtract') {
      issues.push({
        path: `${at}/reference-path`,
        message: 'only a subtract source refers to an original transaction',
      });
    }
  });
  return issues;
}
