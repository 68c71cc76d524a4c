export * from './error-codes';
export * from './coded-error';
export * from './classify';
export * from './backoff';
