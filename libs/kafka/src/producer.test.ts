import { recordInput } from './producer';

describe('recordInput', () => {
  it('hands kafkajs the message as it is, with the fields its record encoder sets declared', () => {
    const headers = { 'event-id': 'e1' };
    const input = recordInput({ key: 'k', value: 'v', headers, timestamp: '1700000000000' });
    expect(input).toEqual({
      key: 'k',
      value: 'v',
      headers,
      timestamp: '1700000000000',
      offsetDelta: 0,
      timestampDelta: 0,
    });
    expect(Object.keys(recordInput({ key: 'k', value: Buffer.from('v') }))).toEqual([
      'key',
      'value',
      'headers',
      'timestamp',
      'offsetDelta',
      'timestampDelta',
    ]);
  });
});
