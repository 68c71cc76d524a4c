import { createSendQueue } from './send-queue';

interface Write {
  topic: string;
  messages: string[];
  succeed: () => void;
  fail: (err: Error) => void;
}

/** A write function the test completes by hand, recording what each write carried. */
function controlledWrites() {
  const writes: Write[] = [];
  const write = (topic: string, messages: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      writes.push({ topic, messages, succeed: () => resolve(messages), fail: reject });
    });
  return { writes, write };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createSendQueue', () => {
  it('starts a send only after the one before it was written, also when that one failed', async () => {
    const { writes, write } = controlledWrites();
    const queue = createSendQueue(write, { coalesce: false });
    const first = queue.send('t', ['a1']).catch((err: Error) => err.message);
    const second = queue.send('t', ['a2']);
    await settle();
    expect(writes.map((w) => w.messages)).toEqual([['a1']]);
    writes[0]?.fail(new Error('broker gone'));
    await expect(first).resolves.toBe('broker gone');
    await settle();
    expect(writes.map((w) => w.messages)).toEqual([['a1'], ['a2']]);
    writes[1]?.succeed();
    await expect(second).resolves.toEqual(['a2']);
  });

  it('coalesces the sends that waited into one write per topic, in the order they came', async () => {
    const { writes, write } = controlledWrites();
    const queue = createSendQueue(write, { coalesce: true });
    const outcomes = Promise.allSettled([
      queue.send('events', ['e1']),
      queue.send('events', ['e2', 'e3']),
      queue.send('bad', ['b1']),
      queue.send('events', ['e4']),
    ]);
    await settle();
    writes[0]?.succeed();
    await settle();
    expect(writes.map((w) => [w.topic, w.messages])).toEqual([
      ['events', ['e1']],
      ['events', ['e2', 'e3', 'e4']],
    ]);
    writes[1]?.fail(new Error('refused'));
    await settle();
    expect(writes[2]).toMatchObject({ topic: 'bad', messages: ['b1'] });
    writes[2]?.succeed();
    expect((await outcomes).map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
    ]);
  });

  it('takes a send handed in by a caller its last write woke, and reports idle after', async () => {
    const { writes, write } = controlledWrites();
    const queue = createSendQueue(write, { coalesce: true });
    const later = queue.send('t', ['m1']).then(() => queue.send('t', ['m2']));
    await settle();
    writes[0]?.succeed();
    await settle();
    expect(writes.map((w) => w.messages)).toEqual([['m1'], ['m2']]);
    writes[1]?.succeed();
    await later;
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
