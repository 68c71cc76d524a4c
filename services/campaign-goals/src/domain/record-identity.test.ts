import { recordIdentity } from './record-identity';

const position = { topic: 'cdc_payments.pay', partition: 3, offset: '1200' };

describe('recordIdentity (R8)', () => {
  it('Given no id-path Then the identity is the Kafka position, so equal content at two offsets is two records', () => {
    expect(recordIdentity(position)).toBe('offset:cdc_payments.pay:3:1200');
    expect(recordIdentity({ ...position, offset: '1201' })).not.toBe(recordIdentity(position));
  });

  it('Given an id-path value Then a re-send at another offset is the same record, scoped by topic', () => {
    expect(recordIdentity({ ...position, offset: '9' }, 'T-1')).toBe(
      recordIdentity(position, 'T-1'),
    );
    expect(recordIdentity({ ...position, topic: 'other' }, 'T-1')).not.toBe(
      recordIdentity(position, 'T-1'),
    );
  });
});
