export * from './channel-rules';
export * from './derive-channel';
