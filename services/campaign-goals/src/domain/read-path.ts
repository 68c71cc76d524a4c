/**
 * JSON paths of stream sources. Grammar (README "JSON paths"):
 *   path    = segment *( "." segment )
 *   segment = name *( "[" index "]" )
 *   name    = ( ALPHA / "_" / "$" ) *( ALPHA / DIGIT / "_" / "$" / "-" )
 *   index   = 1*DIGIT            ; 0-based array position
 * e.g. `data.payment.invoice.amount`, `data.items[0].amount`, `data.client-id`.
 */
export type PathStep = string | number;
export type ParsedPath = { ok: true; steps: PathStep[] } | { ok: false; reason: string };

const SEGMENT = /^([A-Za-z_$][A-Za-z0-9_$-]*)((?:\[\d{1,9}\])*)$/;
const MAX_LENGTH = 256;
const MAX_STEPS = 32;

export function parsePath(text: string): ParsedPath {
  if (text.length === 0) return { ok: false, reason: 'path is empty' };
  if (text.length > MAX_LENGTH) return { ok: false, reason: `path longer than ${MAX_LENGTH}` };
  const steps: PathStep[] = [];
  for (const segment of text.split('.')) {
    const match = SEGMENT.exec(segment);
    if (!match?.[1]) {
      return {
        ok: false,
        reason: `"${segment}" is not a path segment (name, optionally followed by [index])`,
      };
    }
    steps.push(match[1]);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  if (steps.length > MAX_STEPS) return { ok: false, reason: `path deeper than ${MAX_STEPS}` };
  return { ok: true, steps };
}

export type PathValue = { found: true; value: unknown } | { found: false; missing: string };

/**
 * Reads a path from a parsed JSON payload. Only own properties are read, so a path can never
 * reach prototypes. A present `null` is found (the caller decides what null means).
 */
export function readPath(payload: unknown, path: string | readonly PathStep[]): PathValue {
  const steps = typeof path === 'string' ? parsePath(path) : { ok: true as const, steps: path };
  if (!steps.ok) return { found: false, missing: steps.reason };
  let current: unknown = payload;
  for (let i = 0; i < steps.steps.length; i += 1) {
    const step = steps.steps[i] as PathStep;
    const next = stepInto(current, step);
    if (!next.found) return { found: false, missing: describe(steps.steps.slice(0, i + 1)) };
    current = next.value;
  }
  return { found: true, value: current };
}

function stepInto(current: unknown, step: PathStep): { found: boolean; value?: unknown } {
  if (typeof step === 'number') {
    if (!Array.isArray(current) || step >= current.length) return { found: false };
    return { found: true, value: current[step] as unknown };
  }
  if (typeof current !== 'object' || current === null || Array.isArray(current)) {
    return { found: false };
  }
  if (!Object.hasOwn(current, step)) return { found: false };
  return { found: true, value: (current as Record<string, unknown>)[step] };
}

function describe(steps: readonly PathStep[]): string {
  return steps.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
