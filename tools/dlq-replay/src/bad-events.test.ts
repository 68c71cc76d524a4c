import { BAD_EVENT_SCHEMA, type BadEvent } from '@tributary/kafka';
import { parseCliArgs, UsageError } from './args';
import {
  BAD_REPLAYED_FROM_HEADER,
  planReplay,
  selectBad,
  toBadRecord,
  type BadRecord,
} from './bad-events';

function record(offset: number, over: Partial<BadEvent>): BadRecord {
  const event: BadEvent = {
    schema: BAD_EVENT_SCHEMA,
    source: 'ingest-gateway /v1/events',
    processor: 'ingest-gateway',
    reason: { code: 'INVALID_EVENT', message: 'the event breaks the event contract' },
    errors: [],
    failed_at: '2026-03-01T10:00:00.000Z',
    payload: { event_id: `e${offset}` },
    replay: { via: 'http', route: '/v1/events', body: { event_id: `e${offset}` } },
    event_id: `e${offset}`,
    ...over,
  };
  const parsed = toBadRecord({
    dlqTopic: 'events.bad',
    dlqPartition: 0,
    dlqOffset: String(offset),
    key: null,
    value: Buffer.from(JSON.stringify(event)),
    code: 'unknown',
    reason: '',
    group: '',
    originalTopic: 'events',
    originalPartition: null,
    originalOffset: null,
    originalTimestamp: null,
    headers: {},
  });
  if ('unreadable' in parsed) throw new Error(parsed.unreadable);
  return parsed;
}

const segment = (offset: number, call: string) =>
  record(offset, {
    source: 'ingest-gateway /v1/batch',
    reason: { code: 'SEGMENT_NOT_MAPPED', message: '' },
    replay: {
      via: 'http',
      route: '/v1/batch',
      body: { batch: [{ messageId: `m${offset}`, type: call }] },
    },
  });
const deadLetter = (offset: number) =>
  record(offset, {
    source: 'events.raw.dlq from journey-stitcher',
    reason: { code: 'MESSAGE_UNDECODABLE', message: '' },
    payload: {
      topic: 'events.raw',
      partition: 2,
      offset: '7',
      key: 'c1',
      value: 'AAE=',
      value_encoding: 'base64',
      headers: { 'event-id': 'x' },
    },
    replay: { via: 'kafka', topic: 'events.raw' },
  });

describe('bad events: selection and replay plan', () => {
  const records = [
    record(0, {}),
    segment(1, 'track'),
    deadLetter(2),
    segment(3, 'page'),
    record(4, {}),
  ];

  it('Given records of several sources, When filtered by source prefix, code or event id, Then only those are selected', () => {
    const at = (r: BadRecord[]) => r.map((x) => x.at.split(':')[2]);
    expect(
      at(selectBad(records, { sources: ['ingest-gateway /v1/b'], codes: [], eventIds: [] })),
    ).toEqual(['1', '3']);
    expect(
      at(selectBad(records, { sources: [], codes: ['MESSAGE_UNDECODABLE'], eventIds: [] })),
    ).toEqual(['2']);
    expect(
      at(
        selectBad(records, {
          sources: ['ingest-gateway'],
          codes: ['INVALID_EVENT'],
          eventIds: ['e4'],
        }),
      ),
    ).toEqual(['4']);
  });

  it('Given intake items and dead letters, Then items go back merged per route and letters to their topic with key, bytes and provenance', () => {
    const plan = planReplay(records, 2);
    expect(plan.http).toEqual([
      { route: '/v1/events', body: { events: [{ event_id: 'e0' }, { event_id: 'e4' }] }, count: 2 },
      {
        route: '/v1/batch',
        body: {
          batch: [
            { messageId: 'm1', type: 'track' },
            { messageId: 'm3', type: 'page' },
          ],
        },
        count: 2,
      },
    ]);
    expect(plan.kafka).toEqual([
      {
        topic: 'events.raw',
        key: 'c1',
        value: Buffer.from([0, 1]),
        headers: { 'event-id': 'x', [BAD_REPLAYED_FROM_HEADER]: 'events.bad:0:2' },
      },
    ]);
    expect(planReplay(records, 1).http.map((r) => r.count)).toEqual([1, 1, 1, 1]);
  });

  it('Given something that is not a bad-event record, Then it is reported unreadable, never replayed', () => {
    const bad = toBadRecord({
      ...({} as Parameters<typeof toBadRecord>[0]),
      dlqTopic: 't',
      dlqPartition: 0,
      dlqOffset: '9',
      value: Buffer.from('{"a":1}'),
    });
    expect(bad).toEqual({
      at: 't:0:9',
      unreadable: 'not a bad-event record (no source or replay)',
    });
  });

  it('reads the bad-events options and refuses those of the other mode', () => {
    expect(
      parseCliArgs(
        [
          '--bad-events',
          'events.bad',
          '--source',
          'ingest-gateway /v1/batch',
          '--code',
          'INVALID_EVENT',
          '--replay',
          '--dry-run',
        ],
        { INGEST_URL: 'http://gw:8081' },
      ),
    ).toMatchObject({
      mode: 'bad-events',
      dlqTopic: 'events.bad',
      group: 'dlq-replay.events.bad',
      badFilter: { sources: ['ingest-gateway /v1/batch'], codes: ['INVALID_EVENT'], eventIds: [] },
      replay: true,
      dryRun: true,
      commit: false,
      gateway: 'http://gw:8081',
      perRequest: 500,
    });
    for (const bad of [
      ['--bad-events', 'events.bad', '--offsets', '1-2'],
      ['--bad-events', 'events.bad', '--dry-run'],
      ['--topic', 'events.raw', '--source', 'x'],
      ['--topic', 'events.raw', '--bad-events', 'events.bad'],
    ]) {
      expect(() => parseCliArgs(bad, {})).toThrow(UsageError);
    }
  });
});
