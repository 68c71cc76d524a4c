import { parseCliArgs, UsageError } from './args';
import {
  countByCode,
  matchesFilter,
  parseOffsetRange,
  REPLAYED_FROM_HEADER,
  selectLetters,
  toDeadLetter,
  toReplayMessage,
  type DeadLetter,
} from './dead-letters';

function letter(
  offset: number,
  code: string,
  originalOffset: number | null,
  extra: Record<string, string> = {},
): DeadLetter {
  return toDeadLetter('events.raw.dlq', {
    partition: 0,
    offset: String(offset),
    key: Buffer.from(`customer-${offset}`),
    value: Buffer.from(`{"n":${offset}}`),
    headers: {
      'x-dlq-code': code,
      'x-dlq-reason': `reason ${offset}`,
      'x-dlq-group': 'journey-stitcher',
      'x-original-topic': 'events.raw',
      'x-original-partition': '2',
      ...(originalOffset === null ? {} : { 'x-original-offset': String(originalOffset) }),
      'x-original-timestamp': '1700000000000',
      ...extra,
    },
  });
}

describe('dead letters', () => {
  it('reads the reason headers the consumer runner writes', () => {
    const l = letter(7, 'invalid_event', 1234, { 'content-type': 'application/json' });
    expect(l).toMatchObject({
      dlqPartition: 0,
      dlqOffset: '7',
      code: 'invalid_event',
      reason: 'reason 7',
      group: 'journey-stitcher',
      originalTopic: 'events.raw',
      originalPartition: 2,
      originalOffset: '1234',
      originalTimestamp: '1700000000000',
    });
    expect(l.headers['content-type']).toBe('application/json');
  });

  it('falls back to the topic name and "unknown" when headers are missing', () => {
    const l = toDeadLetter('journeys.dlq', { partition: 1, offset: '0', key: null, value: null });
    expect(l).toMatchObject({
      code: 'unknown',
      originalTopic: 'journeys',
      originalPartition: null,
      originalOffset: null,
    });
  });

  it('parses offset ranges: closed, open-ended and single', () => {
    expect(parseOffsetRange('10-20')).toEqual({ from: 10n, to: 20n });
    expect(parseOffsetRange('10-')).toEqual({ from: 10n });
    expect(parseOffsetRange('15')).toEqual({ from: 15n, to: 15n });
    expect(() => parseOffsetRange('20-10')).toThrow(/before the start/);
    expect(() => parseOffsetRange('a-b')).toThrow(/must look like/);
    expect(() => parseOffsetRange('-5')).toThrow(/must look like/);
  });

  it('selects by code, original offset range (inclusive), partition and group', () => {
    const letters = [
      letter(0, 'invalid_event', 100),
      letter(1, 'decode_error', 101),
      letter(2, 'invalid_event', 102),
      letter(3, 'invalid_event', null),
    ];
    expect(selectLetters(letters, { codes: [] })).toHaveLength(4);
    expect(selectLetters(letters, { codes: ['invalid_event'] }).map((l) => l.dlqOffset)).toEqual([
      '0',
      '2',
      '3',
    ]);
    expect(selectLetters(letters, { codes: ['invalid_event', 'decode_error'] })).toHaveLength(4);
    expect(
      selectLetters(letters, { codes: [], offsets: { from: 101n, to: 102n } }).map(
        (l) => l.dlqOffset,
      ),
    ).toEqual(['1', '2']);
    expect(
      selectLetters(letters, { codes: [], offsets: { from: 101n } }).map((l) => l.dlqOffset),
    ).toEqual(['1', '2']);
    expect(
      selectLetters(letters, { codes: ['invalid_event'], offsets: { from: 100n, to: 101n } }).map(
        (l) => l.dlqOffset,
      ),
    ).toEqual(['0']);
    expect(selectLetters(letters, { codes: [], partition: 2 })).toHaveLength(4);
    expect(selectLetters(letters, { codes: [], partition: 0 })).toHaveLength(0);
    expect(matchesFilter(letters[0] as DeadLetter, { codes: [], group: 'journey-stitcher' })).toBe(
      true,
    );
    expect(
      matchesFilter(letters[0] as DeadLetter, { codes: [], group: 'realtime-analytics' }),
    ).toBe(false);
    expect(countByCode(letters)).toEqual({ invalid_event: 3, decode_error: 1 });
  });

  it('compares offsets as integers, not strings', () => {
    const letters = [letter(0, 'x', 9), letter(1, 'x', 10), letter(2, 'x', 100)];
    expect(
      selectLetters(letters, { codes: [], offsets: { from: 9n, to: 10n } }).map(
        (l) => l.originalOffset,
      ),
    ).toEqual(['9', '10']);
  });

  it('replays the same key and value with the original headers, without DLQ bookkeeping', () => {
    const m = toReplayMessage(letter(5, 'invalid_event', 50, { 'x-event-source': 'web' }));
    expect(m.topic).toBe('events.raw');
    expect(m.key).toBe('customer-5');
    expect(m.value.toString()).toBe('{"n":5}');
    expect(m.headers).toEqual({
      'x-event-source': 'web',
      [REPLAYED_FROM_HEADER]: 'events.raw.dlq:0:5',
    });
  });
});

describe('command line', () => {
  it('derives the dlq topic and the group, and reads filters', () => {
    const args = parseCliArgs(
      [
        '--topic',
        'events.raw',
        '--code',
        'a,b',
        '--code',
        'c',
        '--offsets',
        '5-9',
        '--partition',
        '1',
        '--replay',
      ],
      {},
    );
    expect(args).toMatchObject({
      dlqTopic: 'events.raw.dlq',
      group: 'dlq-replay.events.raw.dlq',
      brokers: ['127.0.0.1:9092'],
      replay: true,
      commit: true,
      fromBeginning: false,
      filter: { codes: ['a', 'b', 'c'], offsets: { from: 5n, to: 9n }, partition: 1 },
    });
  });

  it('lists without committing, takes brokers from KAFKA_BROKERS, and rejects bad input', () => {
    expect(parseCliArgs(['--dlq', 'x.dlq'], { KAFKA_BROKERS: 'k1:9092,k2:9092' })).toMatchObject({
      brokers: ['k1:9092', 'k2:9092'],
      replay: false,
      commit: false,
    });
    expect(parseCliArgs(['--dlq', 'x.dlq', '--replay', '--no-commit'], {})).toMatchObject({
      replay: true,
      commit: false,
    });
    expect(parseCliArgs(['--help'], {})).toBe('help');
    for (const bad of [
      [],
      ['--topic', 'a', '--dlq', 'a.dlq'],
      ['--topic', 'a', '--offsets', 'x'],
      ['--topic', 'a', '--partition', '-1'],
      ['--topic', 'a', '--no-commit'],
      ['--topic', 'a', '--limit', '0'],
      ['--topic', 'a', '--bogus'],
    ]) {
      expect(() => parseCliArgs(bad, {})).toThrow(UsageError);
    }
  });
});
