export * from './names';
export * from './env';
export * from './template-database';
export * from './test-database';
export * from './test-kafka';
export * from './test-redis';
export * from './test-logger';
export * from './wait-for';
