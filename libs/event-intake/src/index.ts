export * from './take-in';
export * from './segment';
/** Recorded-style Segment payloads with their native equivalents, for tests and the demo. */
export { segmentVisit, type SegmentVisit } from './fixtures/segment-calls';
