import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse as parseStream, type Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** The line the record starts on, 1-based (a quoted cell may span several lines). */
  readonly line: number;
  readonly cells: string[];
}

export type CsvDelimiter = ',' | ';';

export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/**
 * `,` unless the header line holds more `;` than `,`: spreadsheet programs in Turkish (and most
 * European) locales export CSV with semicolons, since the comma is their decimal separator.
 */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const count = (ch: string) => headerLine.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function options(delimiter: CsvDelimiter): Options {
  return {
    delimiter,
    bom: true,
    relax_column_count: true,
    // Blank lines are dropped by us, not by the parser: every line then belongs to one record's
    // raw text, and counting their newlines numbers the records by the line they start on.
    skip_empty_lines: false,
    raw: true,
  };
}

type Parsed = { record: string[]; raw: string };

/** Numbers records by their first line and drops blank lines. */
function numbering(): (parsed: Parsed) => CsvRecord | undefined {
  let line = 1;
  return (parsed) => {
    const start = line;
    for (let i = parsed.raw.indexOf('\n'); i >= 0; i = parsed.raw.indexOf('\n', i + 1)) line += 1;
    // After a CRLF record, csv-parse's raw text ends at the \r: its line break is not in it.
    if (!parsed.raw.endsWith('\n')) line += 1;
    const blank = parsed.record.length === 1 && parsed.record[0]!.trim() === '';
    return blank ? undefined : { line: start, cells: parsed.record };
  };
}

function formatError(error: unknown): never {
  const e = error as { code?: unknown; lines?: unknown; message?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    const line = typeof e.lines === 'number' ? e.lines : 0;
    const what = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminated quoted cell' : String(e.message);
    throw new CsvFormatError(`line ${line}: ${what}`, line);
  }
  throw error as Error;
}

/**
 * Every record of a CSV text (RFC 4180: quoted cells, doubled quotes, newlines inside quotes,
 * CRLF or LF; blank lines skipped), comma or semicolon delimited (detected from the first line
 * unless given).
 */
export function parseCsvRecords(text: string, delimiter?: CsvDelimiter): CsvRecord[] {
  const firstLineEnd = text.indexOf('\n');
  const chosen =
    delimiter ?? detectDelimiter(firstLineEnd < 0 ? text : text.slice(0, firstLineEnd));
  try {
    const parsed = parse(text, options(chosen)) as unknown as Parsed[];
    const number = numbering();
    const records: CsvRecord[] = [];
    for (const p of parsed) {
      const record = number(p);
      if (record) records.push(record);
    }
    return records;
  } catch (error) {
    return formatError(error);
  }
}

/** The records of a CSV file, streamed: for files too large to hold in memory. */
export async function* readCsvFile(
  file: string,
  delimiter?: CsvDelimiter,
): AsyncGenerator<CsvRecord> {
  const chosen = delimiter ?? (await firstLineDelimiter(file));
  const parser = createReadStream(file).pipe(parseStream(options(chosen)));
  const number = numbering();
  try {
    for await (const parsed of parser) {
      const record = number(parsed as Parsed);
      if (record) yield record;
    }
  } catch (error) {
    formatError(error);
  }
}

async function firstLineDelimiter(file: string): Promise<CsvDelimiter> {
  const handle = await open(file);
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    const end = head.indexOf('\n');
    return detectDelimiter(end < 0 ? head : head.slice(0, end));
  } finally {
    await handle.close();
  }
}
