import { compareCodePoints, compareEvents } from './compare-events';

describe('compareCodePoints', () => {
  it('Given a character above U+FFFF and one in U+E000-U+FFFF, When compared, Then code point (PostgreSQL "C") order wins over UTF-16 order', () => {
    const astral = '\u{1F600}';
    const privateUse = '\uE000';
    expect(astral < privateUse).toBe(true); // UTF-16 code units disagree with byte order
    expect(compareCodePoints(astral, privateUse)).toBeGreaterThan(0);
  });

  it('Given ASCII ids, When compared, Then upper case sorts before lower case and prefixes first', () => {
    expect(['b', 'a', 'B', 'ab'].sort(compareCodePoints)).toEqual(['B', 'a', 'ab', 'b']);
  });
});

describe('compareEvents', () => {
  it('Given events at different times, When compared, Then time decides before the id', () => {
    const early = { occurredAt: new Date(1), eventId: 'z' };
    const late = { occurredAt: new Date(2), eventId: 'a' };
    expect(compareEvents(early, late)).toBeLessThan(0);
  });
});
