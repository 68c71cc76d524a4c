export * from './load';
export * from './event-times';
export * from './formats/read-records';
export * from './formats/hepsiburada';
export * from './sinks/sink';
export * from './sinks/gateway-sink';
export * from './sinks/kafka-sink';
