export * from './load-config';
export * from './common';
export * from './secrets';
export * from './config-files';
