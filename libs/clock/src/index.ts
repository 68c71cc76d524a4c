export * from './clock';
export * from './replay-clock-store';
