import { Type } from '@sinclair/typebox';
import { classify } from '@tributary/errors';
import { ConfigError, loadConfig } from './load-config';
import { KafkaEnv, httpEnv } from './common';

const Schema = Type.Composite([
  KafkaEnv,
  httpEnv(8081),
  Type.Object({ FEATURE_ON: Type.Boolean({ default: false }) }),
]);

describe('loadConfig', () => {
  it('applies defaults when variables are absent', () => {
    const config = loadConfig(Schema, {});
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.HTTP_PORT).toBe(8081);
    expect(config.FEATURE_ON).toBe(false);
  });

  it('converts numbers and booleans from text', () => {
    const config = loadConfig(Schema, {
      HTTP_PORT: '9000',
      FEATURE_ON: 'true',
      KAFKA_TOPIC_PARTITIONS: '12',
    });
    expect(config).toMatchObject({ HTTP_PORT: 9000, FEATURE_ON: true, KAFKA_TOPIC_PARTITIONS: 12 });
  });

  it('fails naming the variable when a value is out of bounds or of the wrong type', () => {
    expect(() => loadConfig(Schema, { HTTP_PORT: '70000' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig(Schema, { KAFKA_TOPIC_PARTITIONS: 'many' })).toThrow(
      /KAFKA_TOPIC_PARTITIONS/,
    );
    try {
      loadConfig(Schema, { HTTP_PORT: '0' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]?.variable).toBe('HTTP_PORT');
      // The shared vocabulary: a config error is never retried.
      expect(classify(error)).toMatchObject({ code: 'CONFIG_INVALID', retriable: false });
    }
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig(Schema, {}))).toBe(true);
  });
});
