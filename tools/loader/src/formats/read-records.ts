import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { readCsvFile } from '@tributary/csv';
import { checkCsvHeaders, csvRowToObject } from './csv';

export type InputFormat = 'jsonl' | 'json' | 'csv';

export function formatOf(file: string, given?: string): InputFormat {
  if (given === 'jsonl' || given === 'json' || given === 'csv') return given;
  if (given) throw new Error(`--format must be jsonl, json or csv, got "${given}"`);
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.csv$/i.test(file)) return 'csv';
  return 'json';
}

export type RawRecord = { line: number; value: unknown } | { line: number; error: string };

/**
 * Streams the records of a file. A line that does not parse is reported as an error record (the
 * summary counts it) instead of stopping the replay. A `.json` file whose first character is not
 * `[` is read as JSON lines (the e-commerce case's orders.json is one object per line).
 */
export async function* readRecords(file: string, format: InputFormat): AsyncGenerator<RawRecord> {
  if (format === 'json') {
    const text = await readFile(file, 'utf8');
    if (text.trimStart().startsWith('[')) {
      const parsed = JSON.parse(text) as unknown;
      if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array`);
      for (const [i, value] of parsed.entries()) yield { line: i + 1, value };
      return;
    }
  }
  if (format === 'csv') {
    yield* readCsvRecords(file);
    return;
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    try {
      yield { line: n, value: JSON.parse(line) as unknown };
    } catch {
      yield { line: n, error: 'not valid JSON' };
    }
  }
}

/** CSV through the shared reader (quoted newlines, `,` or `;`): the header row names the fields. */
async function* readCsvRecords(file: string): AsyncGenerator<RawRecord> {
  let headers: string[] | undefined;
  try {
    for await (const record of readCsvFile(file)) {
      if (!headers) {
        headers = checkCsvHeaders(record.cells);
        continue;
      }
      yield { line: record.line, value: csvRowToObject(headers, record.cells) };
    }
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
