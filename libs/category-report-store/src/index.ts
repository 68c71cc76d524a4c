export * from './report-rows';
export * from './report-hour';
export * from './report-csv';
export * from './report-queries';
export * from './report-sets';
