import { topicName } from './topic-name';

describe('topicName (R10)', () => {
  it.each([
    ['http://localhost:8082/topics/cdc_payments/pay', 'cdc_payments.pay'],
    ['http://localhost:8082/topics/cdc_payments/cancels', 'cdc_payments.cancels'],
    ['https://proxy.example.com/kafka/topics/payments/', 'payments'],
    ['cdc_payments.pay', 'cdc_payments.pay'],
    [' payments-v2 ', 'payments-v2'],
  ])('Given %s Then the Kafka topic is %s', (source, topic) => {
    expect(topicName(source)).toEqual({ ok: true, topic });
  });

  it.each([
    ['http://localhost:8082/cdc_payments/pay', '/topics/'],
    ['http://localhost:8082/topics/', 'empty'],
    ['http://localhost:8082/topics/a//b', 'empty'],
    ['pay ments', 'not a Kafka topic'],
    ['..', 'not a valid'],
    ['a'.repeat(250), 'not a Kafka topic'],
    ['http://localhost:8082/topics/a%20b', 'not a Kafka topic'],
  ])('Given %s Then it is refused mentioning %s', (source, reason) => {
    const result = topicName(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
