export * from './generate';
export * from './channels';
export * from './payments';
export * from './random';
export * from './fx-rates';
export * from './truth-table';
