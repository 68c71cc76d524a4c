import { ConfigResourceTypes, ensureTopics } from '@tributary/kafka';
import { testKafka, uniqueName } from '@tributary/testing';
import { ensureReplayTopic } from './replay-topic';

describe('replay topics keep records stamped in the past (real Kafka)', () => {
  const kafka = testKafka();
  const spec = { partitions: 1, replicationFactor: 1 };

  it('Given no topic, Then it is created with retention.ms=-1', async () => {
    const topic = uniqueName('replay-new');
    expect(await ensureReplayTopic(kafka, { topic, ...spec, fix: false })).toEqual({
      topic,
      created: true,
      ok: true,
    });
    expect(await ensureReplayTopic(kafka, { topic, ...spec, fix: false })).toMatchObject({
      created: false,
      retentionMsBefore: '-1',
      ok: true,
    });
  });

  it('Given a topic with default time retention, Then the check fails and --fix turns it off keeping its other settings', async () => {
    const topic = uniqueName('replay-old');
    await ensureTopics(kafka, [
      { topic, ...spec, configs: { 'cleanup.policy': 'delete', 'max.message.bytes': '2000000' } },
    ]);
    const checked = await ensureReplayTopic(kafka, { topic, ...spec, fix: false });
    expect(checked).toMatchObject({ created: false, ok: false });
    expect(checked.retentionMsBefore).not.toBe('-1');
    expect(await ensureReplayTopic(kafka, { topic, ...spec, fix: true })).toMatchObject({
      ok: true,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
      });
      const value = (name: string) =>
        resources[0]?.configEntries.find((e) => e.configName === name)?.configValue;
      expect(value('retention.ms')).toBe('-1');
      expect(value('max.message.bytes')).toBe('2000000');
    } finally {
      await admin.disconnect();
    }
  });
});
