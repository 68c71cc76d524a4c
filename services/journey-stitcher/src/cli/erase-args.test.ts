import { UsageError } from './cli-context';
import { parseEraseArgs } from './erase-args';

describe('erase CLI arguments', () => {
  it('Given a user id, a reason and an operator, Then it is an erasure recorded as the CLI operator', () => {
    expect(
      parseEraseArgs(['--user-id', 'u1', '--reason', 'subject-request', '--operator', 'ayse']),
    ).toEqual({
      kind: 'erase',
      subject: { kind: 'user_id', id: 'u1' },
      reason: 'subject-request',
      operator: 'ayse',
    });
  });

  it('Given --resume or --export, Then those commands', () => {
    expect(parseEraseArgs(['--resume', 'er_1'])).toEqual({ kind: 'resume', erasureId: 'er_1' });
    expect(parseEraseArgs(['--export', '--anonymous-id', 'a1'])).toEqual({
      kind: 'export',
      subject: { kind: 'anonymous_id', id: 'a1' },
    });
  });

  it.each([
    [['--reason', 'subject-request', '--operator', 'x']],
    [['--user-id', 'u', '--anonymous-id', 'a', '--reason', 'subject-request', '--operator', 'x']],
    [['--user-id', 'u', '--reason', 'because', '--operator', 'x']],
    [['--user-id', 'u', '--reason', 'subject-request']],
  ])('Given %j, Then a usage error', (argv) => {
    expect(() => parseEraseArgs(argv)).toThrow(UsageError);
  });
});
