import type * as MathJs from 'mathjs' with { 'resolution-mode': 'import' };
import type { MathNode } from 'mathjs' with { 'resolution-mode': 'import' };
import { findDisallowed } from './find-disallowed';

// mathjs declares "type": "module", so TypeScript refuses a static import from this CommonJS
// package although mathjs ships a CommonJS build; require() loads that build, typed as the ESM.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { all, create } = require('mathjs') as typeof MathJs;

/**
 * Ad-hoc goal expressions (C4, R14): mathjs syntax over one symbol, `response` (the parsed JSON
 * body). Parsed once, checked against an allow-list of node types, operators and functions,
 * compiled once, evaluated with `response` as the only variable. The README lists the language.
 */
const math = create(all ?? {});
const baseEqual = math.equal.bind(math);

// mathjs `==` converts strings to numbers ("female" fails), so equality is by JS type here:
// strings, booleans and null compare exactly; numbers keep mathjs's tolerant equality.
function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  if (typeof a === 'number' && typeof b === 'number') return baseEqual(a, b) as boolean;
  if (typeof a !== typeof b || typeof a === 'object') return false;
  return a === b;
}
math.import(
  { equal: sameValue, unequal: (a: unknown, b: unknown) => !sameValue(a, b) },
  { override: true },
);

const MAX_LENGTH = 2000;

export type ExpressionOutcome = { ok: true; value: boolean } | { ok: false; reason: string };

export interface AdhocExpression {
  readonly text: string;
  /** Never throws: every failure is a reason, and the goal counts as not met. */
  evaluate(response: unknown): ExpressionOutcome;
}

export type CompiledExpression =
  { ok: true; expression: AdhocExpression } | { ok: false; reason: string };

export function compileAdhocExpression(text: string): CompiledExpression {
  if (text.length > MAX_LENGTH)
    return { ok: false, reason: `longer than ${MAX_LENGTH} characters` };
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (error) {
    return { ok: false, reason: `does not parse: ${messageOf(error)}` };
  }
  const problem = findDisallowed(node);
  if (problem) return { ok: false, reason: problem };
  const code = node.compile();
  return {
    ok: true,
    expression: {
      text,
      evaluate(response) {
        try {
          const value: unknown = code.evaluate({ response });
          if (typeof value !== 'boolean') {
            return { ok: false, reason: `expression yielded ${describe(value)}, not a boolean` };
          }
          return { ok: true, value };
        } catch (error) {
          return { ok: false, reason: `evaluation failed: ${messageOf(error)}` };
        }
      },
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `the text "${value.slice(0, 40)}"`;
  if (typeof value === 'number' || typeof value === 'bigint') return `the number ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
