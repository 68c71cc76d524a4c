import { ConfigResourceTypes, type Kafka } from '@tributary/kafka';

export interface ReplayTopicState {
  topic: string;
  created: boolean;
  /** retention.ms before any change (undefined when the topic was just created). */
  retentionMsBefore?: string;
  /** Whether time retention is off now. */
  ok: boolean;
}

/**
 * Makes `topic` safe for records stamped in the past: created with `retention.ms=-1` when
 * missing; when it exists, its retention is checked and, with `fix`, set to -1 keeping its
 * other topic-level settings (AlterConfigs replaces the whole set, so they are sent back too).
 */
export async function ensureReplayTopic(
  kafka: Kafka,
  options: { topic: string; partitions: number; replicationFactor: number; fix: boolean },
): Promise<ReplayTopicState> {
  const { topic } = options;
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic,
            numPartitions: options.partitions,
            replicationFactor: options.replicationFactor,
            configEntries: [{ name: 'retention.ms', value: '-1' }],
          },
        ],
      });
      return { topic, created: true, ok: true };
    }
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    const entries = described.resources[0]?.configEntries ?? [];
    const before = entries.find((e) => e.configName === 'retention.ms')?.configValue;
    if (before === '-1' || !options.fix) {
      return {
        topic,
        created: false,
        ...(before !== undefined && { retentionMsBefore: before }),
        ok: before === '-1',
      };
    }
    const kept = entries
      .filter((e) => !e.isDefault && !e.readOnly && e.configName !== 'retention.ms')
      .map((e) => ({ name: e.configName, value: e.configValue }));
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [...kept, { name: 'retention.ms', value: '-1' }],
        },
      ],
    });
    return {
      topic,
      created: false,
      ...(before !== undefined && { retentionMsBefore: before }),
      ok: true,
    };
  } finally {
    await admin.disconnect();
  }
}
