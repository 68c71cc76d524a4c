import { currencyMinorUnits } from './currency-minor-units';

describe('currencyMinorUnits (ISO 4217)', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['TRY', 2],
    ['TRL', 2],
    ['USD', 2],
    ['EUR', 2],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', 4],
    ['jpy', 0],
  ])('Given %s, Then amounts have %i decimals', (code, units) => {
    expect(currencyMinorUnits(code)).toBe(units);
  });
});
