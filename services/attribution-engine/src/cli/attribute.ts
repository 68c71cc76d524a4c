import { readTextFile } from '@tributary/csv';
import { attribute } from '../domain/attribute';
import { attributeAll } from '../domain/attribute-all';
import { AttributionError } from '../domain/attribution-error';
import { parsePathSummaryCsv, parsePathSummaryJson } from '../domain/parse-path-summary';
import type { PathSummaryRow } from '../domain/path-summary';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './parse-cli-args';

export interface CliIo {
  /** Reads a file, or standard input when `path` is "-". */
  readFile(path: string): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function readRows(args: CliArgs, io: CliIo): PathSummaryRow[] {
  const text = io.readFile(args.input);
  const format =
    args.format ??
    (args.input.toLowerCase().endsWith('.json') || /^\s*[[{]/.test(text) ? 'json' : 'csv');
  if (format === 'csv') return parsePathSummaryCsv(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AttributionError(
      'invalid_input',
      `the input is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parsePathSummaryJson(value);
}

/** Runs one model (or `all`) on a path-summary file and prints the JSON result. */
export function runCli(argv: readonly string[], io: CliIo): number {
  let args: CliArgs | 'help';
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (args === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  try {
    const rows = readRows(args, io);
    const output =
      args.model === 'all'
        ? attributeAll(rows, args.options)
        : attribute(rows, args.model, args.options);
    io.stdout(`${JSON.stringify(output, null, args.compact ? undefined : 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof AttributionError) {
      io.stderr(`error (${error.code}): ${error.message}\n`);
      return error.code === 'unknown_model' || error.code === 'invalid_option'
        ? EXIT_USAGE
        : EXIT_FAILED;
    }
    if (
      error instanceof Error &&
      'code' in error &&
      typeof error.code === 'string' &&
      error.code.startsWith('E')
    ) {
      io.stderr(`error (io): cannot read ${args.input}: ${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}

export const nodeIo: CliIo = {
  readFile: (path) => readTextFile(path === '-' ? 0 : path),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), nodeIo);
}
