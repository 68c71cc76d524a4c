import { AttributionError } from './attribution-error';
import { columnFor, COLUMN_ALIASES, type ColumnName } from './column-aliases';
import { ChannelNames } from './channel-names';
import { normalizeRow, type RawRow } from './normalize-row';
import { forEachCsvRecord } from './parse-csv-records';
import type { PathSummaryRow } from './path-summary';

const REQUIRED: readonly ColumnName[] = ['path', 'conversions', 'nulls'];

function invalid(message: string): never {
  throw new AttributionError('invalid_input', message);
}

/**
 * CSV with a header row; unknown columns are ignored, required ones must be present. Rows are
 * validated as the reader hands them over, so no array of raw records is ever held.
 */
export function parsePathSummaryCsv(text: string): PathSummaryRow[] {
  const rows: PathSummaryRow[] = [];
  const names = new ChannelNames();
  let width = -1;
  let at: Partial<Record<ColumnName, number>> = {};
  forEachCsvRecord(text, (cells, line) => {
    if (width < 0) {
      at = headerPositions(cells);
      width = cells.length;
      return;
    }
    if (cells.length !== width) {
      invalid(`line ${line}: ${cells.length} cells but the header has ${width}`);
    }
    const raw: RawRow = {
      path: cells[at.path!],
      conversions: cells[at.conversions!],
      nulls: cells[at.nulls!],
      revenue: at.revenue === undefined ? undefined : cells[at.revenue],
      days: at.days === undefined ? undefined : cells[at.days],
    };
    rows.push(normalizeRow(raw, `line ${line}`, names));
  });
  if (width < 0) invalid('the path summary is empty');
  if (rows.length === 0) invalid('the path summary has a header but no rows');
  return rows;
}

function headerPositions(header: readonly string[]): Partial<Record<ColumnName, number>> {
  const position: Partial<Record<ColumnName, number>> = {};
  header.forEach((name, i) => {
    const column = columnFor(name);
    if (!column) return;
    if (position[column] !== undefined) invalid(`line 1: column "${column}" is given twice`);
    position[column] = i;
  });
  for (const column of REQUIRED) {
    if (position[column] === undefined) {
      invalid(
        `line 1: missing column "${column}" (accepted names: ${COLUMN_ALIASES[column].join(', ')})`,
      );
    }
  }
  return position;
}

/** An array of row objects, or `{ "rows": [...] }`; unknown keys are rejected. */
export function parsePathSummaryJson(value: unknown): PathSummaryRow[] {
  const rows = Array.isArray(value) ? value : (value as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) return invalid('expected an array of rows or an object with "rows"');
  if (rows.length === 0) invalid('the path summary has no rows');
  const names = new ChannelNames();
  return rows.map((item: unknown, i) => {
    const where = `row ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return invalid(`${where}: expected an object`);
    }
    const found: Partial<Record<ColumnName, unknown>> = {};
    for (const [key, cell] of Object.entries(item)) {
      const column = columnFor(key);
      if (!column) invalid(`${where}, column "${key}": unknown column`);
      if (column in found) invalid(`${where}, column "${key}": "${column}" is given twice`);
      found[column] = cell;
    }
    for (const column of REQUIRED) {
      if (!(column in found)) invalid(`${where}, column "${column}": missing`);
    }
    const raw: RawRow = {
      path: found.path,
      conversions: found.conversions,
      nulls: found.nulls,
      revenue: found.revenue,
      days: found.days,
    };
    return normalizeRow(raw, where, names);
  });
}
