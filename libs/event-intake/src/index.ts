export * from './take-in';
export * from './segment';
