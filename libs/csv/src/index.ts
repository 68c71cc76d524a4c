import { isAscii } from 'node:buffer';
import { createReadStream, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';

export interface CsvRecord {
  /** The line the record starts on, 1-based (a quoted cell may span several lines). */
  readonly line: number;
  readonly cells: string[];
}

/** Called once per record, in order; `cells` belongs to the visitor. */
export type CsvRecordVisitor = (cells: string[], line: number) => void;

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

const FORMAT_PROBLEMS: Readonly<Record<string, string>> = {
  MissingQuotes: 'unterminated quoted cell',
  InvalidQuotes: 'text after the closing quote of a quoted cell',
};

function countOf(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n += 1;
  return n;
}

/**
 * Numbers records by the line they start on, drops blank lines and turns the parser's quote
 * errors into CsvFormatError. Papa Parse does not count lines, so each record moves the count
 * by one plus the line breaks inside its quoted cells; `quoted` false (no `"` in the input)
 * skips that scan, as no cell can then hold a line break.
 */
function numbering(
  visit: CsvRecordVisitor,
  quoted: boolean,
): (results: Papa.ParseStepResult<string[]>) => void {
  let line = 1;
  let first = true;
  return ({ data: cells, errors, meta }) => {
    const start = line;
    line += 1;
    if (quoted) {
      const lineBreak = meta.linebreak === '\r' ? '\r' : '\n';
      for (let i = 0; i < cells.length; i++) line += countOf(cells[i]!, lineBreak);
    }
    const error = errors[0];
    if (error) {
      const problem = FORMAT_PROBLEMS[error.code] ?? error.message;
      throw new CsvFormatError(`line ${start}: ${problem}`, start);
    }
    // Papa Parse strips a byte order mark from text input but not from a stream's first chunk.
    if (first) {
      first = false;
      if (cells[0]?.charCodeAt(0) === 0xfeff) cells[0] = cells[0].slice(1);
    }
    if (cells.length === 1 && cells[0]!.trim() === '') return;
    visit(cells, start);
  };
}

function papaConfig(
  delimiter: CsvDelimiter,
  step: (results: Papa.ParseStepResult<string[]>) => void,
): Papa.ParseConfig<string[]> {
  // Blank lines are dropped by us, not by the parser, so that every line is counted.
  return { delimiter, skipEmptyLines: false, step };
}

const SLICE_CHARS = 128 * 1024;

function chooseDelimiter(text: string, delimiter?: CsvDelimiter): CsvDelimiter {
  if (delimiter) return delimiter;
  const firstLineEnd = text.indexOf('\n');
  return detectDelimiter(firstLineEnd < 0 ? text : text.slice(0, firstLineEnd));
}

/**
 * Visits every record of a CSV text as the parser reads it, without building an array of all
 * records (RFC 4180: quoted cells, doubled quotes, newlines inside quotes, CRLF or LF; blank
 * lines skipped), comma or semicolon delimited (detected from the first line unless given).
 * A visitor's exception stops the parse and propagates.
 */
export function forEachCsvRecord(
  text: string,
  visit: CsvRecordVisitor,
  delimiter?: CsvDelimiter,
): void {
  const chosen = chooseDelimiter(text, delimiter);
  if (text.includes('"')) {
    Papa.parse<string[]>(text, papaConfig(chosen, numbering(visit, true)));
    return;
  }
  // Without quotes every line break ends a record, so the text is parsed in slices cut at line
  // breaks: the parser's lines and cells of a slice are dropped while still young, instead of
  // the whole file's surviving (and being copied by) every GC of the parse: about 30% less
  // parser CPU on a 10 MB file.
  const newline = lineBreakOf(text);
  const config = { ...papaConfig(chosen, numbering(visit, false)), newline };
  for (let start = 0; start < text.length;) {
    const lineBreak = text.indexOf(newline, start + SLICE_CHARS);
    if (lineBreak < 0) {
      Papa.parse<string[]>(text.slice(start), config);
      return;
    }
    // The slice ends before its line break, else the parser would add an empty last line.
    Papa.parse<string[]>(text.slice(start, lineBreak), config);
    start = lineBreak + newline.length;
  }
}

/** The line break of a text without quotes, as Papa Parse guesses it from the first 1 MB. */
function lineBreakOf(text: string): '\n' | '\r\n' | '\r' {
  const head = text.length > 1 << 20 ? text.slice(0, 1 << 20) : text;
  const firstReturn = head.indexOf('\r');
  const firstFeed = head.indexOf('\n');
  if (firstReturn < 0 || (firstFeed >= 0 && firstFeed < firstReturn)) return '\n';
  let returns = 0;
  let pairs = 0;
  for (let i = firstReturn; i >= 0; i = head.indexOf('\r', i + 1)) {
    returns += 1;
    if (head.charCodeAt(i + 1) === 10) pairs += 1;
  }
  return pairs >= (returns + 1) / 2 ? '\r\n' : '\r';
}

/** Every record of a CSV text, as `forEachCsvRecord` reads them. */
export function parseCsvRecords(text: string, delimiter?: CsvDelimiter): CsvRecord[] {
  const records: CsvRecord[] = [];
  forEachCsvRecord(text, (cells, line) => records.push({ line, cells }), delimiter);
  return records;
}

/**
 * A whole file (or descriptor: 0 is standard input) as text. Most exports are plain ASCII, which
 * is read as one-byte text without a UTF-8 decoding pass (several times faster for a 10 MB file);
 * anything else is decoded as UTF-8.
 */
export function readTextFile(file: string | number): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

// How many parsed records may wait for a slow consumer before the file stream is paused.
const HIGH_WATER_RECORDS = 1024;

/** The records of a CSV file, streamed: for files too large to hold in memory. */
export async function* readCsvFile(
  file: string,
  delimiter?: CsvDelimiter,
): AsyncGenerator<CsvRecord> {
  const chosen = delimiter ?? (await firstLineDelimiter(file));
  const stream = createReadStream(file, { encoding: 'utf8' });
  const waiting: CsvRecord[] = [];
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const visit: CsvRecordVisitor = (cells, line) => {
    waiting.push({ line, cells });
    if (waiting.length >= HIGH_WATER_RECORDS) stream.pause();
  };
  const step = numbering(visit, true);
  Papa.parse<string[]>(stream, {
    ...papaConfig(chosen, (results) => {
      // Rows the parser still hands over after a failure (the rest of its chunk) are dropped.
      if (failure !== undefined) return;
      try {
        step(results);
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
        stream.destroy();
      }
      signal();
    }),
    complete: () => {
      done = true;
      signal();
    },
    error: (error: Error) => {
      failure ??= error;
      done = true;
      signal();
    },
  });
  try {
    for (;;) {
      if (waiting.length > 0) {
        const batch = waiting.splice(0, waiting.length);
        if (stream.isPaused() && !stream.destroyed) stream.resume();
        yield* batch;
        continue;
      }
      if (failure !== undefined) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.destroy();
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
