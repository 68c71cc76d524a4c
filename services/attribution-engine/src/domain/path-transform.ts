import { AttributionError } from './attribution-error';

/** One step of the transform chain (fractribution's names and meanings). */
export type PathTransform =
  | { readonly kind: 'unique' | 'exposure' | 'first' | 'frequency' }
  | { readonly kind: 'remove-if-not-all' | 'remove-if-last-and-not-all'; readonly channel: string }
  | { readonly kind: 'lookback-steps'; readonly steps: number };

const SIMPLE = ['unique', 'exposure', 'first', 'frequency'] as const;
const ALIASES: Record<string, string> = {
  removeifnotall: 'remove-if-not-all',
  removeiflastandnotall: 'remove-if-last-and-not-all',
  trimlongpath: 'lookback-steps',
};

/**
 * Parses `exposure`, `remove-if-not-all:Direct`, `lookback-steps:5`; fractribution's spellings
 * `removeIfNotAll(Direct)`, `removeIfLastAndNotAll(Direct)` and `trimLongPath(5)` also work.
 */
export function parsePathTransform(text: string): PathTransform {
  const match = /^\s*([A-Za-z-]+)\s*(?::(.*)|\((.*)\))?\s*$/.exec(text);
  const rawName = match?.[1] ?? '';
  const name = ALIASES[rawName.toLowerCase()] ?? rawName.toLowerCase();
  const arg = (match?.[2] ?? match?.[3])?.trim();
  if ((SIMPLE as readonly string[]).includes(name) && arg === undefined) {
    return { kind: name as (typeof SIMPLE)[number] };
  }
  if ((name === 'remove-if-not-all' || name === 'remove-if-last-and-not-all') && arg) {
    return { kind: name, channel: arg };
  }
  if (name === 'lookback-steps' && arg !== undefined && /^\d+$/.test(arg) && Number(arg) >= 1) {
    return { kind: name, steps: Number(arg) };
  }
  throw new AttributionError(
    'invalid_option',
    `unknown path transform "${text}"; use unique, exposure, first, frequency, ` +
      'remove-if-not-all:CH, remove-if-last-and-not-all:CH or lookback-steps:N',
  );
}

export function formatPathTransform(transform: PathTransform): string {
  if ('channel' in transform) return `${transform.kind}:${transform.channel}`;
  if ('steps' in transform) return `${transform.kind}:${transform.steps}`;
  return transform.kind;
}
