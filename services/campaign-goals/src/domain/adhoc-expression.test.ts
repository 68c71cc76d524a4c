import { compileAdhocExpression, type AdhocExpression } from './adhoc-expression';

const compile = (text: string): AdhocExpression => {
  const result = compileAdhocExpression(text);
  if (!result.ok) throw new Error(result.reason);
  return result.expression;
};
const profile = {
  data: {
    person: { gender: 'female', age: 34, vip: true, nick: null },
    items: [{ n: 'a' }, { n: 'b' }],
  },
};

describe('ad-hoc expressions (C4, R14)', () => {
  it("Given the seed's expression Then it compares strings exactly", () => {
    const seed = compile("response.data.person.gender == 'female'");
    expect(seed.evaluate(profile)).toEqual({ ok: true, value: true });
    expect(seed.evaluate({ data: { person: { gender: 'male' } } })).toEqual({
      ok: true,
      value: false,
    });
  });

  it.each([
    ["response.data.person.gender != 'male'", true],
    ['response.data.person.age >= 18 and response.data.person.age < 65', true],
    ['response.data.person.vip or false', true],
    ['not response.data.person.vip', false],
    ['response.data.person.vip == true', true],
    ['response.data.person.nick == null', true],
    ['response.data.missing == null', true],
    ["response.data.person.age == '34'", false],
    ['response.data.person.age * 2 > 60', true],
    ['18 <= response.data.person.age <= 40', true],
    ["response.data.items[2].n == 'b'", true],
    ["response['data']['person']['gender'] == 'female'", true],
    ["equalText(response.data.person.gender, 'female')", true],
    ['abs(-3) == 3 ? true : false', true],
    ['0.1 + 0.2 == 0.3', true],
  ])('Given %s Then it yields %p', (text, value) => {
    expect(compile(text).evaluate(profile)).toEqual({ ok: true, value });
  });

  it.each([
    ['x = 1', 'AssignmentNode'],
    ['f(x) = x', 'FunctionAssignmentNode'],
    ['import({}, {})', 'function import'],
    ["evaluate('1')", 'function evaluate'],
    ['createUnit("foo")', 'function createUnit'],
    ['parse("1")', 'function parse'],
    ['pi > 3', 'unknown name pi'],
    ['request.x == 1', 'unknown name request'],
    ['[1, 2] == 1', 'ArrayNode'],
    ['{a: 1}', 'ObjectNode'],
    ['1:3', 'RangeNode'],
    ['response.x; true', 'BlockNode'],
    ['2 ^ 3 == 8', 'operator ^'],
    ['response.x to cm', 'operator to'],
    ['response.items[response.i] == 1', 'indexes must be constants'],
    ["response.data.person.gender == 'female' and", 'does not parse'],
  ])('Given the forbidden %s Then compiling refuses it (%s)', (text, reason) => {
    const result = compileAdhocExpression(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('Given a very long expression Then it is refused', () => {
    expect(compileAdhocExpression(`${'1 + '.repeat(600)}1 == 1`).ok).toBe(false);
  });

  it.each([
    [{ data: {} }, 'evaluation failed'],
    [null, 'evaluation failed'],
    [{ data: { person: { gender: { deep: 1 } } } }, undefined],
  ])(
    'Given a response missing the path Then the answer is false with a reason, never a throw',
    (response, reason) => {
      const result = compile("response.data.person.gender == 'female'").evaluate(response);
      if (reason === undefined) expect(result).toEqual({ ok: true, value: false });
      else expect(result).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
    },
  );

  it('Given an expression that does not yield a boolean Then it is an error, not truthiness', () => {
    expect(compile('response.data.person.age').evaluate(profile)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a boolean'),
    });
  });

  it('Given an attempt to reach prototypes Then it fails safely', () => {
    expect(compile('response.constructor == 1').evaluate({})).toMatchObject({ ok: false });
    expect(compile('response.__proto__ == null').evaluate({})).toMatchObject({ ok: false });
  });
});
