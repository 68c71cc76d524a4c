import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvFormatError, detectDelimiter, parseCsvRecords, readCsvFile } from './index';

describe('parseCsvRecords', () => {
  it('reads quoted cells, doubled quotes, CRLF and skips blank lines, keeping line numbers', () => {
    expect(parseCsvRecords('a,b\r\n"x, y","say ""hi"""\r\n\r\n3,4\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it.each(['\n', '\r\n'])(
    'keeps a line break inside a quoted cell, and numbers records by the line they start on (%j)',
    (eol) => {
      const text = ['id,note', '1,"two', 'lines"', '', '2,plain'].join(eol);
      expect(parseCsvRecords(text)).toEqual([
        { line: 1, cells: ['id', 'note'] },
        { line: 2, cells: ['1', `two${eol}lines`] },
        { line: 5, cells: ['2', 'plain'] },
      ]);
    },
  );

  it('reads semicolon-delimited exports, where the comma is a decimal separator', () => {
    expect(parseCsvRecords('\uFEFFkanal;gün;maliyet\nE-posta;2026-09-01;12,50\n')).toEqual([
      { line: 1, cells: ['kanal', 'gün', 'maliyet'] },
      { line: 2, cells: ['E-posta', '2026-09-01', '12,50'] },
    ]);
  });

  it('says where an unterminated quoted cell is', () => {
    expect(() => parseCsvRecords('a,b\n1,"open\n2,3\n')).toThrow(CsvFormatError);
    expect(() => parseCsvRecords('a,b\n1,"open\n2,3\n')).toThrow(/unterminated quoted cell/);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['path,conversions,value', ','],
    ['kanal;gün;maliyet', ';'],
    ['"a;b",c', ','],
  ] as const)('%s -> %s', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });
});

describe('readCsvFile', () => {
  it('streams the same records from a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'csv-')), 'in.csv');
    writeFileSync(file, 'id;note\n1;"two\nlines"\n2;plain\n');
    const records = [];
    for await (const record of readCsvFile(file)) records.push(record);
    expect(records).toEqual([
      { line: 1, cells: ['id', 'note'] },
      { line: 2, cells: ['1', 'two\nlines'] },
      { line: 4, cells: ['2', 'plain'] },
    ]);
  });
});
