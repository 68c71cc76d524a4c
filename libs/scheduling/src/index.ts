export * from './cron-schedule';
export * from './redis-lock';
export * from './scheduler';
