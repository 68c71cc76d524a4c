import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCsvHeaders, csvRowToObject } from './csv';
import { readRecords } from './read-records';

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

describe('checkCsvHeaders', () => {
  it('trims the header row', () => {
    expect(checkCsvHeaders([' event_id ', 'properties.product_id'])).toEqual([
      'event_id',
      'properties.product_id',
    ]);
  });

  it('refuses a header that would reach the prototype, before any row is read', () => {
    expect(() => checkCsvHeaders(['event_id', '__proto__.polluted'])).toThrow(
      'CSV header "__proto__.polluted": "__proto__", "constructor" and "prototype" cannot be field names',
    );
  });
});

describe('readRecords, csv', () => {
  const fileWith = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'loader-csv-')), 'events.csv');
    writeFileSync(file, text);
    return file;
  };
  const all = async (file: string) => {
    const out = [];
    for await (const record of readRecords(file, 'csv')) out.push(record);
    return out;
  };

  it('keeps a newline inside a quoted cell in one record (the line-based reader split it)', async () => {
    const file = fileWith('event_id,properties.note\ne-1,"first line\nsecond line"\ne-2,plain\n');
    expect(await all(file)).toEqual([
      { line: 2, value: { event_id: 'e-1', properties: { note: 'first line\nsecond line' } } },
      { line: 4, value: { event_id: 'e-2', properties: { note: 'plain' } } },
    ]);
  });

  it('reads a semicolon-delimited export, as Turkish spreadsheet programs write them', async () => {
    const file = fileWith('event_id;properties.price\r\ne-1;12,50\r\n');
    expect(await all(file)).toEqual([
      { line: 2, value: { event_id: 'e-1', properties: { price: '12,50' } } },
    ]);
  });

  it('names the file when a header would reach the prototype', async () => {
    const file = fileWith('event_id,__proto__.x\ne-1,1\n');
    await expect(all(file)).rejects.toThrow(/events\.csv: CSV header "__proto__\.x"/);
  });
});
