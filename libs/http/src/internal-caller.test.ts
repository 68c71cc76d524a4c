import type { FastifyRequest } from 'fastify';
import { apiKeyProducer } from './internal-caller';
import { HttpError } from './errors';

const KEY = 'k'.repeat(40);
const producer = apiKeyProducer([KEY, 'other-key-of-forty-characters-0123456789']);
const request = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
const refusal = (headers: Record<string, string>) => {
  try {
    // An API key is checked synchronously: no promise to wait for.
    void producer(request(headers));
  } catch (error) {
    return error instanceof HttpError ? `${error.status} ${error.message}` : String(error);
  }
  return 'accepted';
};

describe('apiKeyProducer', () => {
  it('Given the key as x-api-key, as a Bearer token or as a Basic user with an empty password, Then the same producer is authenticated', () => {
    const ids = (
      [
        { 'x-api-key': KEY },
        { authorization: `Bearer ${KEY}` },
        { authorization: basic(`${KEY}:`) },
        { authorization: `basic ${Buffer.from(`${KEY}:`).toString('base64')}` },
      ] as Record<string, string>[]
    ).map((headers) => producer(request(headers)));
    for (const principal of ids) {
      expect(principal).toMatchObject({ role: 'producer', via: 'api-key' });
      expect((principal as { id: string }).id).toBe((ids[0] as { id: string }).id);
    }
  });

  it('Given Basic credentials that are not exactly "key:", Then they are refused', () => {
    expect(refusal({ authorization: basic(`${'x'.repeat(40)}:`) })).toBe('401 unknown API key');
    // A password is not part of the scheme: refusing it keeps one credential per producer.
    expect(refusal({ authorization: basic(`${KEY}:secret`) })).toMatch(/^401 /);
    // Segment warns that a key without the colon only works for backward compatibility.
    expect(refusal({ authorization: basic(KEY) })).toMatch(/^401 /);
    expect(refusal({ authorization: 'Basic !!!not-base64' })).toMatch(/^401 /);
    expect(refusal({ authorization: basic(':') })).toMatch(/^401 /);
    expect(refusal({})).toBe('401 missing API key (x-api-key header)');
  });
});
