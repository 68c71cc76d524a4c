export * from './dead-letters';
export * from './dlq-replay';
export { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
