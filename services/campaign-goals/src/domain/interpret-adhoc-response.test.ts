import { needsAdhocCall, shouldCacheAdhocResult } from './adhoc-check-policy';
import { compileAdhocExpression, type AdhocExpression } from './adhoc-expression';
import { interpretAdhocResponse } from './interpret-adhoc-response';

const compiled = compileAdhocExpression("response.data.person.gender == 'female'");
if (!compiled.ok) throw new Error(compiled.reason);
const gender: AdhocExpression = compiled.expression;

describe('interpretAdhocResponse (R14)', () => {
  it.each([
    [200, '', true],
    [204, '   ', true],
    [200, 'true', true],
    [200, ' false ', false],
    [200, '{"anything": 1}', true],
    [200, 'not json at all', true],
    [299, '"yes"', true],
    [404, 'true', false],
    [500, '', false],
    [302, '', false],
  ])('Given no expression and HTTP %d with body %p Then the goal is %p', (status, body, value) => {
    expect(interpretAdhocResponse(undefined, { status, body }).value).toBe(value);
  });

  it('Given an expression and a matching JSON body Then true', () => {
    const body = JSON.stringify({ data: { person: { gender: 'female' } } });
    expect(interpretAdhocResponse(gender, { status: 200, body })).toEqual({ value: true });
  });

  it.each([
    [200, '{"data":{"person":{"gender":"male"}}}', 'the expression is false'],
    [200, '<html>', 'not JSON'],
    [200, '', 'not JSON'],
    [200, '{"data":{}}', 'evaluation failed'],
    [503, '{"data":{"person":{"gender":"female"}}}', 'HTTP status 503'],
  ])('Given an expression and HTTP %d %s Then false because %s', (status, body, reason) => {
    expect(interpretAdhocResponse(gender, { status, body })).toEqual({
      value: false,
      reason: expect.stringContaining(reason),
    });
  });
});

describe('ad-hoc check policy (R15)', () => {
  it('Given first-check Then only a true answer is cached, and a cached true needs no call', () => {
    expect(shouldCacheAdhocResult('first-check', true)).toBe(true);
    expect(shouldCacheAdhocResult('first-check', false)).toBe(false);
    expect(needsAdhocCall('first-check', true)).toBe(false);
    expect(needsAdhocCall('first-check', false)).toBe(true);
  });

  it('Given every-check Then nothing is cached and every evaluation calls', () => {
    expect(shouldCacheAdhocResult('every-check', true)).toBe(false);
    expect(needsAdhocCall('every-check', true)).toBe(true);
  });
});
