/**
 * kNN preservation: the mean overlap of each point's k nearest neighbours in the original
 * space and in the layout (also called neighbourhood preservation: the recall of the original k-NN).
 */
import { nearestNeighbors } from './neighbors.ts';
import { checkCount, checkK, checkLength, checkMatrix } from './validate.ts';

/** Options of {@link knnPreservation}. */
export interface KnnPreservationOptions {
  /** Neighbourhood size, 1 ≤ k < n. @default 10 */
  k?: number;
  /** `nearestNeighbors(highDist, n, k)`, if the caller already has it. @default computed here */
  highNeighbors?: Int32Array;
  /** `nearestNeighbors(lowDist, n, k)`, if the caller already has it. @default computed here */
  lowNeighbors?: Int32Array;
}

const DEFAULTS = { k: 10 } as const;

/** Mean |N_high(i) ∩ N_low(i)| / k over all points, in [0, 1]. */
export function knnPreservation(
  highDist: Float32Array,
  lowDist: Float32Array,
  n: number,
  options: KnnPreservationOptions = {},
): number {
  const k = options.k ?? DEFAULTS.k;
  const kept = preservedNeighbours(highDist, lowDist, n, options);
  let shared = 0;
  for (let i = 0; i < n; i++) shared += kept[i];
  // One division at the end keeps "all shared" exactly 1.
  return shared / (n * k);
}

/**
 * Per point, |N_high(i) ∩ N_low(i)|: how many of its k nearest neighbours in the original
 * space are among its k nearest in the layout (0 … k; k ≤ 255). Where the layout keeps a
 * point's neighbourhood and where it does not; `knnPreservation` is their mean over k.
 */
export function preservedNeighbours(
  highDist: Float32Array,
  lowDist: Float32Array,
  n: number,
  options: KnnPreservationOptions = {},
): Uint8Array {
  const { k, highNeighbors, lowNeighbors } = { ...DEFAULTS, ...options };
  checkCount('knnPreservation', n);
  checkMatrix('knnPreservation', 'highDist', highDist, n);
  checkMatrix('knnPreservation', 'lowDist', lowDist, n);
  checkK('knnPreservation', k, n, 'n');
  if (k > 255) throw new Error(`knnPreservation: k (${k}) must be ≤ 255 for per-point counts`);
  if (highNeighbors) checkLength('knnPreservation', 'highNeighbors', highNeighbors, n * k, 'n*k');
  if (lowNeighbors) checkLength('knnPreservation', 'lowNeighbors', lowNeighbors, n * k, 'n*k');
  const high = highNeighbors ?? nearestNeighbors(highDist, n, k);
  const low = lowNeighbors ?? nearestNeighbors(lowDist, n, k);

  const mark = new Int32Array(n); // mark[j] = i + 1 ⇔ j is in the high-dim k-NN of i
  const kept = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    for (let p = 0; p < k; p++) mark[high[base + p]] = i + 1;
    for (let p = 0; p < k; p++) if (mark[low[base + p]] === i + 1) kept[i]++;
  }
  return kept;
}
