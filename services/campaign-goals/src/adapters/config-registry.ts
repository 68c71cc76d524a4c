import type { Logger } from '@tributary/logging';
import type { AdhocGoal, GoalDefinition, StreamDefinition } from '@tributary/schemas';
import type { StreamWithGoals } from '../domain/plan-batch';
import { toStreamConfig, type SourceConfig } from '../domain/stream-config';
import { toGoalConfig } from '../domain/stream-goal';
import type { DefinitionRepository } from './definition-repository';

export interface TopicSource {
  streamId: string;
  source: SourceConfig;
}

/** The parsed configuration the consumer, the sweep and the routes compute with. */
export interface ConfigSnapshot {
  streams: ReadonlyMap<string, StreamWithGoals>;
  streamDefinitions: ReadonlyMap<string, StreamDefinition>;
  goals: ReadonlyMap<string, GoalDefinition>;
  adhocGoals: ReadonlyMap<string, AdhocGoal>;
  byTopic: ReadonlyMap<string, readonly TopicSource[]>;
  topics: readonly string[];
}

export interface ConfigRegistry {
  current(): ConfigSnapshot;
  reload(): Promise<ConfigSnapshot>;
}

/**
 * Reads every definition and parses it once. Definitions were validated when stored; one that
 * no longer parses (e.g. after a rule change) is skipped with an error log, not fatal.
 */
export function createConfigRegistry(
  repo: DefinitionRepository,
  zone: string,
  logger: Logger,
): ConfigRegistry {
  let snapshot = build([], [], zone, logger);
  return {
    current: () => snapshot,
    async reload() {
      const [streams, goals] = await Promise.all([repo.listStreams(), repo.listGoals()]);
      snapshot = build(
        streams.map((s) => s.definition),
        goals.map((g) => g.definition),
        zone,
        logger,
      );
      return snapshot;
    },
  };
}

function build(
  streamDefs: StreamDefinition[],
  goalDefs: GoalDefinition[],
  zone: string,
  logger: Logger,
): ConfigSnapshot {
  const streams = new Map<string, StreamWithGoals>();
  const streamDefinitions = new Map<string, StreamDefinition>();
  const byTopic = new Map<string, TopicSource[]>();
  for (const definition of streamDefs) {
    const streamId = String(definition['stream-id']);
    streamDefinitions.set(streamId, definition);
    try {
      const config = toStreamConfig(definition, zone);
      streams.set(streamId, { config, goals: [] });
      for (const source of config.sources) {
        byTopic.set(source.topic, [...(byTopic.get(source.topic) ?? []), { streamId, source }]);
      }
    } catch (err) {
      logger.error(
        { err, stream_id: streamId },
        'stored stream definition does not parse; skipped',
      );
    }
  }
  const goals = new Map<string, GoalDefinition>();
  const adhocGoals = new Map<string, AdhocGoal>();
  for (const definition of goalDefs) {
    const goalId = String(definition['goal-id']);
    goals.set(goalId, definition);
    if (definition.source === 'adhoc') {
      adhocGoals.set(goalId, definition);
      continue;
    }
    const stream = streams.get(String(definition['stream-id']));
    if (stream)
      streams.set(stream.config.streamId, {
        ...stream,
        goals: [...stream.goals, toGoalConfig(definition)],
      });
  }
  return {
    streams,
    streamDefinitions,
    goals,
    adhocGoals,
    byTopic,
    topics: [...byTopic.keys()].sort(),
  };
}
