export * from './errors';
export * from './create-http-app';
