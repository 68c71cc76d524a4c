export * from './take-in';
