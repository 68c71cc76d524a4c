import { ChannelNames } from './channel-names';

describe('ChannelNames', () => {
  it('splits " > " joined cells into their names, the same names each time', () => {
    const names = new ChannelNames();
    expect(names.splitPlain('Paid Search > E-mail > Paid Search')).toEqual([
      'Paid Search',
      'E-mail',
      'Paid Search',
    ]);
    expect(names.splitPlain('E-mail')).toEqual(['E-mail']);
    expect(names.intern('E-mail')).toBe('E-mail');
  });

  it('tells apart names whose hashes collide', () => {
    // "Aa" and "BB" have the same 31-based string hash.
    const names = new ChannelNames();
    expect(names.intern('Aa')).toBe('Aa');
    expect(names.splitPlain('BB > Aa > BB')).toEqual(['BB', 'Aa', 'BB']);
    expect(names.splitPlain('Aa > BBx')).toEqual(['Aa', 'BBx']);
  });

  it('returns a new array for every cell', () => {
    const names = new ChannelNames();
    const first = names.splitPlain('A > B');
    const second = names.splitPlain('C');
    expect(first).toEqual(['A', 'B']);
    expect(second).toEqual(['C']);
  });

  it.each(['', 'A > ', ' > A', 'A >  > B', 'A>B > C', ' A > B', 'A > B\u3000', 'A >> B', 'A\t> B'])(
    'leaves %j to the general reader',
    (cell) => {
      expect(new ChannelNames().splitPlain(cell)).toBeUndefined();
    },
  );
});
