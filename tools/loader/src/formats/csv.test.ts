import { csvHeaders, csvRowToObject } from './csv';

describe('csvRowToObject', () => {
  it('Given dotted headers Then rows become nested objects, empty cells left out', () => {
    expect(
      csvRowToObject(
        ['event_id', 'properties.product_id', 'properties.price', 'user_id'],
        ['e-1', 'p-9', '', 'u-1'],
      ),
    ).toEqual({ event_id: 'e-1', properties: { product_id: 'p-9' }, user_id: 'u-1' });
  });

  it.each([
    '__proto__.polluted',
    'constructor.prototype.polluted',
    'properties.__proto__.polluted',
    'prototype',
    'constructor',
  ])(
    'Given the header %s Then Object.prototype is untouched and the header is refused',
    (header) => {
      expect(() => csvRowToObject([header], ['yes'])).toThrow(
        `CSV header "${header}": "__proto__", "constructor" and "prototype" cannot be field names`,
      );
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      expect((Object as unknown as { polluted?: unknown }).polluted).toBeUndefined();
    },
  );

  it('Given a field named like an Object method Then it is an own field, not the inherited one', () => {
    expect(csvRowToObject(['toString.x', 'hasOwnProperty'], ['1', '2'])).toEqual({
      toString: { x: '1' },
      hasOwnProperty: '2',
    });
  });
});

describe('csvHeaders', () => {
  it('reads and trims the header line', () => {
    expect(csvHeaders(' event_id , "properties.product_id"')).toEqual([
      'event_id',
      'properties.product_id',
    ]);
  });

  it('refuses a header that would reach the prototype, before any row is read', () => {
    expect(() => csvHeaders('event_id,__proto__.polluted')).toThrow(
      'CSV header "__proto__.polluted": "__proto__", "constructor" and "prototype" cannot be field names',
    );
  });
});
