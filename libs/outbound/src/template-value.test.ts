import type { OutboundRefusal } from './outbound-refusal';
import { encodeTemplateValue, templateValueProblem } from './template-value';

describe('templateValueProblem', () => {
  it.each([
    ['.', 'client-id "." is a dot segment'],
    ['..', 'client-id ".." is a dot segment'],
    ['../admin', 'client-id "../admin" contains "/"'],
    ['a/b', 'client-id "a/b" contains "/"'],
    ['a\\b', 'client-id "a\\\\b" contains "\\"'],
    ['a?b=1', 'client-id "a?b=1" contains "?"'],
    ['a#frag', 'client-id "a#frag" contains "#"'],
    ['a\nb', 'client-id "a\\nb" contains the control character U+000A'],
    ['a\u0000', 'client-id "a\\u0000" contains the control character U+0000'],
    ['a\u007f', 'client-id "a\u007f" contains the control character U+007F'],
    ['', 'client-id is empty'],
  ])('Given %j, Then it is refused naming the field and the reason', (value, message) => {
    expect(templateValueProblem('client-id', value)).toContain(message);
  });

  it.each(['3855206900', 'a b', 'ä-ö_1.2', '...', '.hidden', 'a..b', '%2e%2e'])(
    'Given %j, Then it is accepted (encoding makes it one segment)',
    (value) => {
      expect(templateValueProblem('client-id', value)).toBeUndefined();
    },
  );
});

describe('encodeTemplateValue', () => {
  it('encodes an accepted value', () => {
    expect(encodeTemplateValue('client-id', 'a b%2e')).toBe('a%20b%252e');
  });

  it('throws a non-retriable refusal with the code and the message for a refused value', () => {
    expect(() => encodeTemplateValue('from', '..')).toThrow(
      expect.objectContaining({
        name: 'OutboundRefusal',
        code: 'UNSAFE_TEMPLATE_VALUE',
        retriable: false,
        message: `from ".." is a dot segment, which would change the URL's path`,
      }) as OutboundRefusal,
    );
  });
});
