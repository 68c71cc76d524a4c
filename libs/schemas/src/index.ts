export * from './validation';
export * from './customer-event';
export { registerFormats } from './formats';
export * from './campaign-streams';
export * from './campaign-goals';
export * from './campaigns';
export * from './attribution';
export * from './goal-achieved';
export * from './journey-message';
