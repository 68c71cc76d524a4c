export * from './run-types';
export * from './cache-keys';
export * from './models';
export * from './run-queries';
export * from './run-cache';
export * from './read-latest-results';
