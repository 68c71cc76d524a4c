import {
  CsvFormatError,
  forEachCsvRecord as visitCsv,
  parseCsvRecords as readCsv,
  type CsvRecord,
  type CsvRecordVisitor,
} from '@tributary/csv';
import { AttributionError } from './attribution-error';

export type { CsvRecord, CsvRecordVisitor };

function engineError(error: unknown): never {
  if (error instanceof CsvFormatError) throw new AttributionError('invalid_input', error.message);
  throw error;
}

/** The CSV reader of libs/csv, its format errors as the engine's invalid_input. */
export function parseCsvRecords(text: string): CsvRecord[] {
  try {
    return readCsv(text);
  } catch (error) {
    return engineError(error);
  }
}

/** Each record as it is read (no array of all records); format errors as invalid_input. */
export function forEachCsvRecord(text: string, visit: CsvRecordVisitor): void {
  try {
    visitCsv(text, visit);
  } catch (error) {
    engineError(error);
  }
}
