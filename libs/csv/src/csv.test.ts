import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CsvFormatError,
  detectDelimiter,
  forEachCsvRecord,
  parseCsvRecords,
  readCsvFile,
  readTextFile,
  type CsvRecord,
} from './index';

const tempFile = (text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'csv-')), 'in.csv');
  writeFileSync(file, text);
  return file;
};

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

  it('names the line of a quoted cell with text after its closing quote', () => {
    expect(() => parseCsvRecords('a,b\n\n1,"x"y\n')).toThrow(
      'line 3: text after the closing quote',
    );
  });

  it('numbers lines after a quoted cell that spans several lines', () => {
    const text = 'a,b\n"1\n2\n3",x\n4,"y"\n5,z\n';
    expect(parseCsvRecords(text).map((r) => r.line)).toEqual([1, 2, 5, 6]);
  });
});

describe('forEachCsvRecord', () => {
  it('hands each record to the visitor in order and stops at its exception', () => {
    const seen: [string[], number][] = [];
    const stop = new Error('enough');
    const visit = (cells: string[], line: number): void => {
      if (line === 4) throw stop;
      seen.push([cells, line]);
    };
    expect(() => forEachCsvRecord('a;b\n1;2\n\n3;4\n5;6\n', visit)).toThrow(stop);
    expect(seen).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
    ]);
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

  it('reads a file of many chunks, with quoted line breaks and non-ASCII text across chunk ends', async () => {
    const rows = Array.from({ length: 8_000 }, (_, i) =>
      i % 7 === 0 ? `${i},"çok\nsatırlı ""${i}"""` : `${i},ğüşiöç`,
    );
    const text = `\uFEFFid,note\r\n${rows.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 64 * 1024); // read in 64 KiB chunks
    const records: CsvRecord[] = [];
    for await (const record of readCsvFile(tempFile(text))) records.push(record);
    expect(records).toEqual(parseCsvRecords(text));
    expect(records[0]).toEqual({ line: 1, cells: ['id', 'note'] });
    expect(records[1]).toEqual({ line: 2, cells: ['0', 'çok\nsatırlı "0"'] });
    // Rows 0, 7, ..., 7994 (1,143 of them) span two lines each.
    expect(records[7995]).toEqual({ line: 9138, cells: ['7994', 'çok\nsatırlı "7994"'] });
    expect(records[8000]).toEqual({ line: 9144, cells: ['7999', 'ğüşiöç'] });
  });

  it('yields the records before a format error, then throws it with its line', async () => {
    const file = tempFile('a,b\n1,2\n3,"open\n4,5\n');
    const records: CsvRecord[] = [];
    const reading = (async () => {
      for await (const record of readCsvFile(file)) records.push(record);
    })();
    await expect(reading).rejects.toThrow('line 3: unterminated quoted cell');
    await expect(reading).rejects.toBeInstanceOf(CsvFormatError);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });

  it('stops when the consumer stops early', async () => {
    const file = tempFile(`n\n${Array.from({ length: 50_000 }, (_, i) => i).join('\n')}\n`);
    let count = 0;
    for await (const record of readCsvFile(file)) {
      if (record.line > 3000) break;
      count++;
    }
    expect(count).toBe(3000);
  });
});

describe('readTextFile', () => {
  it.each([
    ['ASCII', 'path,conversions\nSearch > Email,2\n'],
    ['UTF-8 with a byte order mark', '\uFEFFkanal;tutar\nE-posta;12,50 ₺\nİndirim;ğüşiöç\n'],
  ])('reads %s text as it was written', (_kind, text) => {
    expect(readTextFile(tempFile(text))).toBe(text);
  });
});

describe('forEachCsvRecord on large texts without quotes', () => {
  // Over 128 Ki characters: read in slices cut at line breaks, with blank lines here and there.
  const lines = Array.from({ length: 12_000 }, (_, i) =>
    i % 997 === 5 ? '' : i % 1499 === 7 ? '   ' : `ch${i % 31} > ch${i % 7},${i},x\r`,
  );
  it.each([
    ['\n', '\n'],
    ['\r\n', '\r\n'],
    ['\r', '\r'],
  ])('numbers every line as one whole read would (%j)', (_name, eol) => {
    const text = `path,n,note${eol}${lines.join(eol)}${eol}`;
    const expected = text
      .split(eol)
      .map((line, i) => ({ line: i + 1, cells: line.split(',') }))
      .filter(({ cells }) => !(cells.length === 1 && cells[0]!.trim() === ''));
    expect(parseCsvRecords(text)).toEqual(expected);
  });
});
