export * from './access';
export { PUBLIC_SCOPE } from './access-hooks';
export * from './errors';
export * from './create-http-app';
export * from './internal-caller';
export { MAX_JSON_DEPTH, parseJsonBody } from './json-body';
export type { OpenApiSettings } from './openapi';
export { PROBLEM_CONTENT_TYPE, problemOf, type ProblemDocument } from './problem';
export * from './preconditions';
