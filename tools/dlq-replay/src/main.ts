export * from './dead-letters';
export * from './dlq-replay';
export * from './bad-events';
export * from './bad-events-replay';
export { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
