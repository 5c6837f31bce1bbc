/**
 * Trustworthiness and continuity (Venna & Kaski 2001):
 *   T(k) = 1 − 2/(n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ U_k(i)} (r(i,j) − k)
 * with U_k(i) the layout's k-NN of i that are not among its k-NN in the original space
 * and r the rank in the original space. Continuity swaps the two spaces. Ranks are counted
 * only for those j, in O(n) each, so no row is ever sorted: O(n²) for the kNN, plus
 * O(n·|U|) ≤ O(n²·k) for the ranks.
 */
import { nearestNeighbors, neighborRank } from './neighbors.ts';
import { checkCount, checkK, checkLength, checkMatrix } from './validate.ts';

/** Options of {@link trustworthiness} and {@link continuity}. */
export interface TrustworthinessOptions {
  /** Neighbourhood size; must satisfy k < n/2, where the normalisation keeps T in [0, 1]. @default 10 */
  k?: number;
  /** `nearestNeighbors(highDist, n, k)`, if the caller already has it. @default computed here */
  highNeighbors?: Int32Array;
  /** `nearestNeighbors(lowDist, n, k)`, if the caller already has it. @default computed here */
  lowNeighbors?: Int32Array;
}

const DEFAULTS = { k: 10 } as const;

/** How far the layout's neighbours intrude from outside the original neighbourhoods, in [0, 1]; 1 = none. */
export function trustworthiness(
  highDist: Float32Array,
  lowDist: Float32Array,
  n: number,
  options: TrustworthinessOptions = {},
): number {
  const { k, high, low } = prepare('trustworthiness', highDist, lowDist, n, options);
  return 1 - normalise(n, k) * intrusion(highDist, high, low, n, k);
}

/** How well the original neighbourhoods survive in the layout, in [0, 1]; 1 = all kept. */
export function continuity(
  highDist: Float32Array,
  lowDist: Float32Array,
  n: number,
  options: TrustworthinessOptions = {},
): number {
  const { k, high, low } = prepare('continuity', highDist, lowDist, n, options);
  return 1 - normalise(n, k) * intrusion(lowDist, low, high, n, k);
}

/** 2/(n·k·(2n − 3k − 1)): one over the largest possible penalty, valid for k < n/2. */
function normalise(n: number, k: number): number {
  return 2 / (n * k * (2 * n - 3 * k - 1));
}

/**
 * Σ_i Σ (r(i,j) − k) over the j in `other`'s k-NN of i but not in `own`'s, r ranked in
 * `ownDist`. Integer sums, exact in a double.
 */
function intrusion(
  ownDist: Float32Array,
  own: Int32Array,
  other: Int32Array,
  n: number,
  k: number,
): number {
  const mark = new Int32Array(n); // mark[j] = i + 1 ⇔ j is in own k-NN of i; no clearing needed
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    for (let p = 0; p < k; p++) mark[own[base + p]] = i + 1;
    for (let p = 0; p < k; p++) {
      const j = other[base + p];
      if (mark[j] !== i + 1) sum += neighborRank(ownDist, n, i, j) - k;
    }
  }
  return sum;
}

function prepare(
  module: string,
  highDist: Float32Array,
  lowDist: Float32Array,
  n: number,
  options: TrustworthinessOptions,
): { k: number; high: Int32Array; low: Int32Array } {
  const { k, highNeighbors, lowNeighbors } = { ...DEFAULTS, ...options };
  checkCount(module, n);
  checkMatrix(module, 'highDist', highDist, n);
  checkMatrix(module, 'lowDist', lowDist, n);
  checkK(module, k, n / 2, 'n/2');
  if (highNeighbors) checkLength(module, 'highNeighbors', highNeighbors, n * k, 'n*k');
  if (lowNeighbors) checkLength(module, 'lowNeighbors', lowNeighbors, n * k, 'n*k');
  return {
    k,
    high: highNeighbors ?? nearestNeighbors(highDist, n, k),
    low: lowNeighbors ?? nearestNeighbors(lowDist, n, k),
  };
}
