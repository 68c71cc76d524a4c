import { messageBytes, requestChunks } from './request-chunks';

const message = (key: string, bytes: number) => ({ key, value: 'x'.repeat(bytes) });

describe('requestChunks', () => {
  it('keeps a small send in one request', () => {
    const messages = [message('a', 10), message('b', 10)];
    expect(requestChunks(messages, 1_000)).toEqual([messages]);
  });

  it('splits at the byte budget, keeping the order of the messages', () => {
    const messages = Array.from({ length: 10 }, (_, i) => message(`k${i}`, 100));
    const chunks = requestChunks(messages, 400);
    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks)
      expect(chunk.reduce((sum, m) => sum + messageBytes(m), 0)).toBeLessThanOrEqual(400);
    expect(chunks.length).toBeGreaterThan(2);
  });

  it('sends a message larger than the budget alone rather than dropping it', () => {
    const big = message('big', 5_000);
    const chunks = requestChunks([message('a', 10), big, message('b', 10)], 1_000);
    expect(chunks).toEqual([[message('a', 10)], [big], [message('b', 10)]]);
  });

  it('counts UTF-8 bytes and headers, not characters', () => {
    const plain = messageBytes({ key: 'k', value: 'ab' });
    expect(messageBytes({ key: 'k', value: 'ğü' })).toBe(plain + 2);
    expect(messageBytes({ key: 'k', value: 'ab', headers: { code: 'poison' } })).toBe(
      plain + 'code'.length + 'poison'.length,
    );
    expect(messageBytes({ key: 'k', value: Buffer.alloc(2) })).toBe(plain);
  });

  it('returns no request for no messages', () => {
    expect(requestChunks([], 100)).toEqual([]);
  });
});
