import { AttributionError } from '../attribution-error';
import { CONVERSION, type MarkovChain } from './markov-chain';

/** Above this many states the dense O(n^3) solve gives way to sparse Gauss-Seidel. */
export const DENSE_STATE_LIMIT = 600;
const TOLERANCE = 1e-14;
const MAX_SWEEPS = 100_000;

export type SolverKind = 'dense-lu' | 'gauss-seidel';

export function solverFor(chain: MarkovChain, denseLimit = DENSE_STATE_LIMIT): SolverKind {
  return chain.labels.length <= denseLimit ? 'dense-lu' : 'gauss-seidel';
}

/**
 * P(reaching conversion from start) with the `removed` states made absorbing in null: every
 * transition into a removed state counts as a transition to null. Solves x = Qx + r exactly.
 */
export function conversionProbability(
  chain: MarkovChain,
  removed: Uint8Array,
  solver: SolverKind,
): number {
  return solver === 'dense-lu' ? solveDense(chain, removed) : solveGaussSeidel(chain, removed);
}

function solveDense(chain: MarkovChain, removed: Uint8Array): number {
  const n = chain.labels.length;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    a[s * n + s] = 1;
    if (removed[s] || chain.outWeight[s] === 0) continue;
    for (let e = chain.edgeStart[s]!; e < chain.edgeStart[s + 1]!; e++) {
      const to = chain.edgeTarget[e]!;
      const p = chain.edgeWeight[e]! / chain.outWeight[s]!;
      if (to === CONVERSION) b[s]! += p;
      else if (to >= 0 && !removed[to]) a[s * n + to]! -= p;
    }
  }
  return gaussianElimination(a, b, n)[0]!;
}

/** Solves a x = b in place by Gaussian elimination with partial pivoting (a is n x n, row-major). */
export function gaussianElimination(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r;
    }
    if (Math.abs(a[pivot * n + col]!) < 1e-300) {
      throw new AttributionError('solver_failed', 'the absorbing-chain system is singular');
    }
    if (pivot !== col) {
      for (let c = col; c < n; c++) {
        const t = a[col * n + c]!;
        a[col * n + c] = a[pivot * n + c]!;
        a[pivot * n + c] = t;
      }
      const t = b[col]!;
      b[col] = b[pivot]!;
      b[pivot] = t;
    }
    const diag = a[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const factor = a[r * n + col]! / diag;
      if (factor === 0) continue;
      for (let c = col; c < n; c++) a[r * n + c]! -= factor * a[col * n + c]!;
      b[r]! -= factor * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = b[r]!;
    for (let c = r + 1; c < n; c++) sum -= a[r * n + c]! * x[c]!;
    x[r] = sum / a[r * n + r]!;
  }
  return x;
}

// Sweeps run backwards because states are numbered in order of first appearance along paths,
// so successors mostly have higher numbers and their values are fresh when read.
function solveGaussSeidel(chain: MarkovChain, removed: Uint8Array): number {
  const n = chain.labels.length;
  const x = new Float64Array(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let change = 0;
    for (let s = n - 1; s >= 0; s--) {
      if (removed[s] || chain.outWeight[s] === 0) continue;
      let sum = 0;
      let self = 0;
      for (let e = chain.edgeStart[s]!; e < chain.edgeStart[s + 1]!; e++) {
        const to = chain.edgeTarget[e]!;
        const w = chain.edgeWeight[e]!;
        if (to === CONVERSION) sum += w;
        else if (to === s) self += w;
        else if (to >= 0 && !removed[to]) sum += w * x[to]!;
      }
      const value = sum / (chain.outWeight[s]! - self);
      change = Math.max(change, Math.abs(value - x[s]!));
      x[s] = value;
    }
    if (change < TOLERANCE) return x[0]!;
  }
  throw new AttributionError(
    'solver_failed',
    `Gauss-Seidel did not converge in ${MAX_SWEEPS} sweeps`,
  );
}
