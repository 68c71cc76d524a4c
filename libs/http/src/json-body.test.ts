import { MAX_JSON_DEPTH, parseJsonBody } from './json-body';

const refusal = (text: string): string => {
  try {
    parseJsonBody(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted: ${text}`);
};

describe('parseJsonBody', () => {
  it('returns what JSON.parse reads when nothing in it is refused', () => {
    const body = { events: [{ a: 'x', n: 2 ** 53 - 1, nested: [{ b: null, c: true }] }] };
    expect(parseJsonBody(JSON.stringify(body))).toEqual(body);
  });

  it.each([
    ['{"events":[{"a":1},{"__proto__":{"x":1}}]}', '/events/1/__proto__: this key is not accepted'],
    ['{"a":{"constructor":1}}', '/a/constructor: this key is not accepted'],
    ['[{"prototype":1}]', '/0/prototype: this key is not accepted'],
    ['{"a":["ok","x\\u0000y"]}', '/a/1: NUL characters are not accepted'],
    ['{"a\\u0000":1}', ': NUL characters are not accepted in keys'],
    [
      '{"a":{"b":9007199254740993}}',
      '/a/b: 9007199254740992 is beyond the safe number range (2^53)',
    ],
    ['{"a":1e400}', '/a: Infinity is beyond the safe number range (2^53)'],
    ['"\\u0000"', '/: NUL characters are not accepted'],
  ])('refuses %s, naming where', (text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels and accepts it at the limit`, () => {
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toBeDefined();
    expect(refusal(nested(MAX_JSON_DEPTH + 1))).toBe(
      `the body is nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  });

  it('refuses an empty body and malformed JSON', () => {
    expect(refusal('')).toBe('the JSON body is empty');
    expect(refusal('{"a":')).toMatch(/^the body is not valid JSON: /);
  });
});
