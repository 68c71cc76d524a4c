import { HttpError } from './errors';

/** Deeper than any contract of ours; a deeper body is an attack on the parser or the validator. */
export const MAX_JSON_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses a JSON request body and refuses what no contract of ours accepts, before any schema or
 * handler sees it: keys that reach an object's prototype, NUL characters (PostgreSQL text cannot
 * hold them), numbers beyond 2^53 (already rounded or infinite after the parse) and nesting
 * deeper than MAX_JSON_DEPTH.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new HttpError('BAD_REQUEST', 'the JSON body is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError('BAD_REQUEST', `the body is not valid JSON: ${(error as Error).message}`);
  }
  // The walk that names where the problem is builds a path string per key: run it only when
  // the allocation-free walk found one (nearly every body has none).
  if (acceptable(value, 0)) return value;
  throw new HttpError('BAD_REQUEST', inspect(value, 0, '') ?? 'the body is not acceptable');
}

/** Whether inspect() finds nothing, without building a path. */
function acceptable(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return !value.includes('\u0000');
  if (typeof value === 'number') {
    return Math.abs(value) <= Number.MAX_SAFE_INTEGER && Number.isFinite(value);
  }
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (!acceptable(value[i], depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (FORBIDDEN_KEYS.has(key) || key.includes('\u0000')) return false;
    if (!acceptable((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

function inspect(value: unknown, depth: number, path: string): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? `${path || '/'}: NUL characters are not accepted` : undefined;
  }
  if (typeof value === 'number') {
    // JSON.parse reads 1e400 as Infinity and rounds integers past 2^53: neither is what was sent.
    return Math.abs(value) > Number.MAX_SAFE_INTEGER || !Number.isFinite(value)
      ? `${path || '/'}: ${value} is beyond the safe number range (2^53)`
      : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) return `the body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const problem = inspect(value[i], depth + 1, `${path}/${i}`);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `${path}/${key}: this key is not accepted`;
    if (key.includes('\u0000')) return `${path}: NUL characters are not accepted in keys`;
    const problem = inspect((value as Record<string, unknown>)[key], depth + 1, `${path}/${key}`);
    if (problem) return problem;
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The first path or query value holding a control character, as a message; else undefined. */
export function controlCharacterIn(params: unknown, query: unknown): string | undefined {
  for (const [where, bag] of [
    ['path parameter', params],
    ['query parameter', query],
  ] as const) {
    if (typeof bag !== 'object' || bag === null) continue;
    for (const [name, value] of Object.entries(bag)) {
      const values: unknown[] = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === 'string' && CONTROL.test(v))) {
        return `${where} ${name}: control characters are not accepted`;
      }
    }
  }
  return undefined;
}
