import type {
  FunctionNode,
  IndexNode,
  MathNode,
  OperatorNode,
  RelationalNode,
  SymbolNode,
} from 'mathjs' with { 'resolution-mode': 'import' };

/** The allow-list of ad-hoc expressions (README "Ad-hoc expressions"). */
const NODE_TYPES = new Set([
  ...['ConstantNode', 'SymbolNode', 'AccessorNode', 'IndexNode', 'OperatorNode'],
  ...['ParenthesisNode', 'ConditionalNode', 'FunctionNode', 'RelationalNode'],
]);
const OPERATORS = new Set([
  ...['equal', 'unequal', 'smaller', 'smallerEq', 'larger', 'largerEq'],
  ...['and', 'or', 'xor', 'not'],
  ...['add', 'subtract', 'multiply', 'divide', 'mod', 'unaryMinus', 'unaryPlus'],
]);
const FUNCTIONS = new Set([
  ...['abs', 'ceil', 'floor', 'round', 'min', 'max'],
  ...['number', 'string', 'typeOf', 'equalText', 'compareText'],
]);
const MAX_NODES = 200;

/** Why a parsed expression is not allowed, or undefined when every node is on the allow-list. */
export function findDisallowed(root: MathNode): string | undefined {
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
  switch (node.type) {
    case 'SymbolNode': {
      const { name } = node as SymbolNode;
      if (parent?.type === 'FunctionNode' && path === 'fn') {
        return FUNCTIONS.has(name) ? undefined : `function ${name} is not allowed`;
      }
      return name === 'response' ? undefined : `unknown name ${name}; only response`;
    }
    case 'FunctionNode':
      return (node as FunctionNode).fn.type === 'SymbolNode' ? undefined : 'only named functions';
    case 'OperatorNode': {
      const { fn, op } = node as OperatorNode as { fn: string; op: string };
      return OPERATORS.has(fn) ? undefined : `operator ${op} is not allowed`;
    }
    case 'RelationalNode': {
      const bad = (node as RelationalNode).conditionals.find((c) => !OPERATORS.has(c));
      return bad ? `operator ${bad} is not allowed` : undefined;
    }
    case 'IndexNode': {
      const constant = (node as IndexNode).dimensions.every((d) => d.type === 'ConstantNode');
      return constant ? undefined : 'indexes must be constants, e.g. response.items[1]';
    }
    default:
      return NODE_TYPES.has(node.type)
        ? undefined
        : `${node.type} is not allowed (only conditions on response)`;
  }
}
