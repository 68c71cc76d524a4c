import type * as MathJs from 'mathjs' with { 'resolution-mode': 'import' };
import type { MathNode } from 'mathjs' with { 'resolution-mode': 'import' };

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

const OPERATORS = new Set([
  'equal',
  'unequal',
  'smaller',
  'smallerEq',
  'larger',
  'largerEq',
  'and',
  'or',
  'xor',
  'not',
  'add',
  'subtract',
  'multiply',
  'divide',
  'mod',
  'unaryMinus',
  'unaryPlus',
]);
const FUNCTIONS = new Set([
  'abs',
  'ceil',
  'floor',
  'round',
  'min',
  'max',
  'number',
  'string',
  'typeOf',
  'equalText',
  'compareText',
]);
const NODE_TYPES = new Set([
  'ConstantNode',
  'SymbolNode',
  'AccessorNode',
  'IndexNode',
  'OperatorNode',
  'ParenthesisNode',
  'ConditionalNode',
  'FunctionNode',
  'RelationalNode',
]);
const MAX_LENGTH = 2000;
const MAX_NODES = 200;

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
  const problem = disallowed(node);
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

function disallowed(root: MathNode): string | undefined {
  const problems: string[] = [];
  let count = 0;
  root.traverse((node, path, parent) => {
    count += 1;
    const problem = checkNode(node, path, parent);
    if (problem) problems.push(problem);
  });
  if (count > MAX_NODES) return `more than ${MAX_NODES} terms`;
  return problems[0];
}

function checkNode(node: MathNode, path: string, parent: MathNode | null): string | undefined {
  if (!NODE_TYPES.has(node.type))
    return `${node.type} is not allowed (only conditions on response)`;
  if (math.isSymbolNode(node)) {
    const isCallee = parent !== null && math.isFunctionNode(parent) && path === 'fn';
    if (isCallee)
      return FUNCTIONS.has(node.name) ? undefined : `function ${node.name} is not allowed`;
    return node.name === 'response' ? undefined : `unknown name ${node.name}; only response`;
  }
  if (math.isFunctionNode(node) && !math.isSymbolNode(node.fn)) return 'only named functions';
  if (math.isOperatorNode(node) && !OPERATORS.has(node.fn))
    return `operator ${node.op} is not allowed`;
  if (math.isRelationalNode(node)) {
    const bad = node.conditionals.find((c) => !OPERATORS.has(c));
    if (bad) return `operator ${bad} is not allowed`;
  }
  if (math.isIndexNode(node)) {
    const bad = node.dimensions.find((d) => !math.isConstantNode(d));
    if (bad) return 'indexes must be constants, e.g. response.items[1] or response["key"]';
  }
  return undefined;
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
