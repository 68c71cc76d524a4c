import { CsvFormatError, parseCsvRecords as readCsv, type CsvRecord } from '@tributary/csv';
import { AttributionError } from './attribution-error';

export type { CsvRecord };

/** The CSV reader of libs/csv, its format errors as the engine's invalid_input. */
export function parseCsvRecords(text: string): CsvRecord[] {
  try {
    return readCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new AttributionError('invalid_input', error.message);
    throw error;
  }
}
