import { convertAmount, fxDateFor, needsConversion } from './convert-amount';
import { Money } from './money';

const m = (text: string): Money => new Money(text);

describe('convertAmount (R9)', () => {
  it('Given equal currencies Then the amount is kept exactly and the rate is 1', () => {
    const result = convertAmount(m('100.125'), 'TRL', 'TRL');
    expect(result.converted.toString()).toBe('100.125');
    expect(result.rate.toString()).toBe('1');
    expect(result.wasConverted).toBe(false);
    expect(needsConversion('TRL', 'TRL')).toBe(false);
  });

  it.each([
    ['12.5', '10.04', '125.5'],
    ['10.005', '1', '10.01'],
    ['10.004999', '1', '10'],
    ['0.125', '1', '0.13'],
    ['0.135', '1', '0.14'],
    ['1.005', '1', '1.01'],
    ['33.33', '0.3', '10'],
    ['123456789012345.67', '32.123456789', '3965858827146776.12'],
  ])(
    'Given %s at rate %s Then it converts to %s (2 decimals, ties away from zero)',
    (amount, rate, out) => {
      expect(convertAmount(m(amount), 'USD', 'TRL', m(rate)).converted.toString()).toBe(out);
    },
  );

  it.each([
    ['JPY', '1234.5', '1', '1235'],
    ['KRW', '10', '13.37', '134'],
    ['KWD', '10', '0.30755', '3.076'],
    ['BHD', '0.0005', '1', '0.001'],
    ['TRY', '10', '41.2345', '412.35'],
  ])(
    'Given a target in %s Then it rounds to its ISO 4217 minor units (%s at %s -> %s)',
    (to, amount, rate, out) => {
      expect(convertAmount(m(amount), 'USD', to, m(rate)).converted.toString()).toBe(out);
    },
  );

  it('Given a negative amount on a tie Then it rounds away from zero too', () => {
    expect(convertAmount(m('-0.125'), 'USD', 'TRL', m('1')).converted.toString()).toBe('-0.13');
  });

  it('Given binary-float traps Then the result is exact', () => {
    // 0.1 * 3 in floating point is 0.30000000000000004
    expect(convertAmount(m('0.1'), 'USD', 'TRL', m('3')).converted.toString()).toBe('0.3');
    expect(convertAmount(m('1.15'), 'USD', 'TRL', m('100')).converted.toString()).toBe('115');
  });

  it('Given different currencies without a rate, or a non-positive rate Then it refuses', () => {
    expect(() => convertAmount(m('1'), 'USD', 'TRL')).toThrow('no FX rate');
    expect(() => convertAmount(m('1'), 'USD', 'TRL', m('0'))).toThrow('not positive');
  });

  it('Given an event late in the UTC day Then the FX date is the local date in the zone', () => {
    expect(fxDateFor(new Date('2021-11-30T22:30:00Z'), 'Europe/Istanbul')).toBe('2021-12-01');
    expect(fxDateFor(new Date('2021-11-30T22:30:00Z'), 'America/New_York')).toBe('2021-11-30');
  });
});
