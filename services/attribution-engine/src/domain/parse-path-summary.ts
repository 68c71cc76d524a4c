import { AttributionError } from './attribution-error';
import { columnFor, COLUMN_ALIASES, type ColumnName } from './column-aliases';
import { normalizeRow, type RawRow } from './normalize-row';
import { parseCsvRecords } from './parse-csv-records';
import type { PathSummaryRow } from './path-summary';

const REQUIRED: readonly ColumnName[] = ['path', 'conversions', 'nulls'];

function invalid(message: string): never {
  throw new AttributionError('invalid_input', message);
}

/** CSV with a header row; unknown columns are ignored, required ones must be present. */
export function parsePathSummaryCsv(text: string): PathSummaryRow[] {
  const [header, ...records] = parseCsvRecords(text);
  if (!header) return invalid('the path summary is empty');
  const position = new Map<ColumnName, number>();
  header.cells.forEach((name, i) => {
    const column = columnFor(name);
    if (!column) return;
    if (position.has(column)) invalid(`line 1: column "${column}" is given twice`);
    position.set(column, i);
  });
  for (const column of REQUIRED) {
    if (!position.has(column)) {
      invalid(
        `line 1: missing column "${column}" (accepted names: ${COLUMN_ALIASES[column].join(', ')})`,
      );
    }
  }
  if (records.length === 0) invalid('the path summary has a header but no rows');
  return records.map(({ line, cells }) => {
    if (cells.length !== header.cells.length) {
      invalid(`line ${line}: ${cells.length} cells but the header has ${header.cells.length}`);
    }
    const cell = (column: ColumnName): string | undefined => {
      const at = position.get(column);
      return at === undefined ? undefined : cells[at];
    };
    const raw: RawRow = {
      path: cell('path'),
      conversions: cell('conversions'),
      nulls: cell('nulls'),
      revenue: cell('revenue'),
      days: cell('days'),
    };
    return normalizeRow(raw, `line ${line}`);
  });
}

/** An array of row objects, or `{ "rows": [...] }`; unknown keys are rejected. */
export function parsePathSummaryJson(value: unknown): PathSummaryRow[] {
  const rows = Array.isArray(value) ? value : (value as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) return invalid('expected an array of rows or an object with "rows"');
  if (rows.length === 0) invalid('the path summary has no rows');
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
    return normalizeRow(raw, where);
  });
}
