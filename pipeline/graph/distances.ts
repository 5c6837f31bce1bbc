/**
 * Dense pairwise Euclidean distances, two ways:
 * - `pairwiseDistances`: exact differences (not ‖a‖²+‖b‖²−2a·b, which loses near-duplicates
 *   to cancellation). The reference: every kNN we publish equals the kNN of this matrix.
 * - `gramDistances`: the Gram-matrix form on the active tfjs backend, ≈10× faster at 2k×256
 *   but with an absolute error that grows with the rows' norms; `refineKnn` (knn-refine.ts)
 *   turns its kNN back into the exact reference's.
 * Both are row-major n×n, exactly symmetric, with a zero diagonal.
 */
import { tf } from '../train/tfjs.ts';
import { readTidy } from '../util/read-tensor.ts';

/** Unit roundoff of float32 (2⁻²⁴). */
export const FLOAT32_EPSILON = 2 ** -24;

function checkShape(module: string, data: Float32Array, n: number, dim: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 0) {
    throw new Error(`${module}: n (${n}) and dim (${dim}) must be integers ≥ 0`);
  }
  if (data.length !== n * dim) {
    throw new Error(`${module}: data length (${data.length}) must equal n*dim (${n}*${dim})`);
  }
}

/** Exact distances from exact differences; O(n²·dim) in plain JS. */
export function pairwiseDistances(data: Float32Array, n: number, dim: number): Float32Array {
  checkShape('distances', data, n, dim);
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    for (let j = i + 1; j < n; j++) {
      const oj = j * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const t = data[oi + d] - data[oj + d];
        s += t * t;
      }
      const dist = Math.sqrt(s);
      out[i * n + j] = dist;
      out[j * n + i] = dist;
    }
  }
  return out;
}

/**
 * The distance between rows i and j of `data` with exactly `pairwiseDistances`' arithmetic
 * (float64 sum of squared differences, rounded to float32 once), so the two agree bit for bit.
 */
export function exactDistance(data: Float32Array, dim: number, i: number, j: number): number {
  const oi = i * dim;
  const oj = j * dim;
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = data[oi + d] - data[oj + d];
    s += t * t;
  }
  return Math.fround(Math.sqrt(s));
}

/** Column means in float64 (distances do not change under translation). */
export function columnMeans(data: Float32Array, n: number, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += data[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= Math.max(n, 1);
  return mean;
}

/** Row blocks of `gramDistances`' upper triangle, and the fewest rows a block may have. */
const GRAM_BLOCKS = 4;
const GRAM_BLOCK_ROWS = 250;

/**
 * Distances via ‖a‖² + ‖b‖² − 2a·b, with the Gram matrix X·Xᵀ from the *active* tfjs backend
 * (the caller selects it, e.g. `selectBackend('wasm')`; tfjs state is per thread). Rows are
 * centred first: ReLU activations share a large mean, and the cancellation error scales with
 * ‖row‖², so centring shrinks it several-fold for free. The squared norms are the Gram
 * diagonal, so identical rows get exactly 0 whenever the backend computes equal dot products
 * for equal rows (wasm/XNNPACK and cpu do). Negatives are clamped to 0, the diagonal is 0
 * and the lower triangle mirrors the upper one. Absolute error of each distance, for a
 * backend that accumulates in float32 or better (not WebGL's float16):
 * |D − exact| ≲ dim·2⁻²⁴·(‖cᵢ‖ + ‖cⱼ‖)² / D, cᵢ the centred rows (see `refineKnn`).
 */
export function gramDistances(data: Float32Array, n: number, dim: number): Float32Array {
  checkShape('gramDistances', data, n, dim);
  const out = new Float32Array(n * n);
  if (n < 2 || dim === 0) return out;
  const mean = columnMeans(data, n, dim);
  const centred = new Float32Array(n * dim);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++) centred[i * dim + d] = data[i * dim + d] - mean[d];
  // Only the upper triangle is read: row block b multiplies the rows from its own first row
  // on, so GRAM_BLOCKS = 4 blocks compute 10/16 of the products (2,000×256: 168 → 118 ms on
  // wasm). Each entry is the same dot product, summed in the same order, as in the full X·Xᵀ
  // (tested bit for bit), so the distances do not change. An explicit transpose:
  // matMul(x, x, false, true) is ~10× slower on wasm.
  const blocks = Math.max(1, Math.min(GRAM_BLOCKS, Math.floor(n / GRAM_BLOCK_ROWS)));
  const size = Math.ceil(n / blocks);
  // Block b: rows r0 … r1 − 1, each holding columns r0 … n − 1 of its Gram row (width n − r0).
  const parts = Array.from({ length: blocks }, (_, b) => {
    const r0 = b * size;
    const r1 = Math.min(n, r0 + size);
    const gram = readTidy(() => {
      const rest = tf.tensor2d(centred.subarray(r0 * dim), [n - r0, dim]);
      const rows = r0 === 0 && r1 === n ? rest : rest.slice([0, 0], [r1 - r0, dim]);
      return tf.matMul(rows, tf.transpose(rest));
    });
    return { r0, r1, width: n - r0, gram };
  });
  const diagonal = new Float32Array(n);
  for (const { r0, r1, width, gram } of parts)
    for (let i = r0; i < r1; i++) diagonal[i] = gram[(i - r0) * width + (i - r0)];
  for (const { r0, r1, width, gram } of parts)
    for (let i = r0; i < r1; i++) {
      const gii = diagonal[i];
      const row = (i - r0) * width - r0;
      for (let j = i + 1; j < n; j++) {
        const squared = gii + diagonal[j] - 2 * gram[row + j];
        const dist = squared > 0 ? Math.sqrt(squared) : 0;
        out[i * n + j] = dist;
        out[j * n + i] = dist;
      }
    }
  return out;
}
