import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's internal modules have no types */
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (
  record: Record<string, unknown>,
) => unknown;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
};
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition') as (
  input: Record<string, unknown>,
) => Record<string, { value: string }[]>;
const Long = require('kafkajs/src/utils/long') as { fromValue(value: number): unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

// patches/kafkajs+2.2.4.patch (applied by `npm install`'s postinstall) makes kafkajs's encoder
// take its buffers from Node's pool instead of zero-filling 512 bytes per record and header, and
// groups a send's messages by partition in one pass instead of copying each partition's list per
// message. docs/benchmarks.md has what it saves; these tests hold it to the bytes unpatched
// kafkajs writes.
describe('the kafkajs patch', () => {
  it('is applied: the encoder allocates from the pool', () => {
    const source = readFileSync(require.resolve('kafkajs/src/protocol/encoder.js'), 'utf8');
    expect(source).toContain('Buffer.allocUnsafe(Encoder.nextPowerOfTwo(initialSize))');
    expect(source).not.toMatch(/Buffer\.alloc\(/);
  });

  it('encodes a record batch byte for byte as unpatched kafkajs 2.2.4 does', async () => {
    // Headers, a Buffer value, and a value long enough (1,600 UTF-8 bytes) to make the encoder
    // grow: every path where an uninitialised byte could leak into the request.
    const long = 'é'.repeat(300) + 'x'.repeat(700);
    const records = [
      Record({
        offsetDelta: 0,
        timestampDelta: 0,
        key: 'user-1',
        value: '{"a":1}',
        headers: { 'event-type': 'product_view', 'event-id': 'e-1' },
      }),
      Record({
        offsetDelta: 1,
        timestampDelta: 5,
        key: 'user-2',
        value: Buffer.from([0, 0, 0, 0, 7, 1, 2]),
        headers: { traceparent: Buffer.from('00-abc') },
      }),
      Record({ offsetDelta: 2, timestampDelta: 9, key: 'user-3', value: long, headers: {} }),
    ];
    const batch = await RecordBatch({
      records,
      firstTimestamp: 1733380000000,
      maxTimestamp: 1733380000009,
      producerId: Long.fromValue(42),
      producerEpoch: 3,
      firstSequence: 17,
      lastOffsetDelta: 2,
    });
    expect(batch.buffer.length).toBe(1472);
    // The SHA-256 of the same batch encoded by kafkajs 2.2.4 without the patch.
    expect(createHash('sha256').update(batch.buffer).digest('hex')).toBe(
      '5964d918d17fc97fe10ca77745c057129217263acf9bda9168f4bff1ca0d45dd',
    );
  });

  it('keeps the order of each partition when grouping a send', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 3}`, value: String(i) }));
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: [{ partitionId: 0 }, { partitionId: 1 }, { partitionId: 2 }],
      messages,
      partitioner: ({ message }: { message: { key: string } }) => Number(message.key.slice(1)),
    });
    const values = Object.fromEntries(
      Object.entries(grouped).map(([partition, list]) => [partition, list.map((m) => m.value)]),
    );
    expect(values).toEqual({
      '0': ['0', '3', '6', '9'],
      '1': ['1', '4', '7'],
      '2': ['2', '5', '8'],
    });
  });
});
