/**
 * A linear view of a point set: its projection on the top two principal components. The
 * covariance (dim × dim) is one product on the thread's tfjs backend; its top two
 * eigenvectors come from block power iteration in float64 from a fixed start, so the result
 * depends only on the data (and backend). Signs are fixed (each axis's largest loading is
 * positive); aligning successive snapshots is the caller's job (Procrustes).
 */
import { tf } from '../train/tfjs.ts';
import { readTidy } from '../util/read-tensor.ts';

/** Options of {@link pcaProjection}. */
export interface PcaOptions {
  /** Block power iterations at most. @default 200 */
  iterations?: number;
  /** Stop when the subspace moves less than this (1 − |cos| of both axes). @default 1e-12 */
  tolerance?: number;
}

const DEFAULTS = { iterations: 200, tolerance: 1e-12 } as const;

/** Row-major n×2 coordinates of each point on the top two principal axes (zeros for constant data). */
export function pcaProjection(
  points: Float32Array,
  n: number,
  dim: number,
  options: PcaOptions = {},
): Float32Array {
  const { iterations, tolerance } = { ...DEFAULTS, ...options };
  if (points.length !== n * dim)
    throw new Error(`pca: points length (${points.length}) must equal n*dim (${n}*${dim})`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += points[i * dim + d] / n;
  const covariance = Float64Array.from(
    readTidy(() => {
      const centred = tf.sub(tf.tensor2d(points, [n, dim]), tf.tensor1d(Float32Array.from(mean)));
      return tf.matMul(tf.transpose(centred), centred);
    }),
  );
  const axes = topTwo(covariance, dim, iterations, tolerance);
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 2; a++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (points[i * dim + d] - mean[d]) * axes[a * dim + d];
      out[2 * i + a] = s;
    }
  }
  return out;
}

/** The two leading eigenvectors of a symmetric dim×dim matrix (row-major), axis-major, unit length. */
function topTwo(c: Float64Array, dim: number, iterations: number, tolerance: number): Float64Array {
  const k = Math.min(2, dim);
  let q = new Float64Array(2 * dim);
  // A fixed, generic start: not orthogonal to any eigenvector in practice.
  for (let d = 0; d < dim; d++) {
    q[d] = 1 + d / dim;
    if (k === 2) q[dim + d] = Math.cos(d + 1);
  }
  orthonormalise(q, dim, k);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(2 * dim);
    for (let a = 0; a < k; a++) {
      for (let i = 0; i < dim; i++) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += c[i * dim + j] * q[a * dim + j];
        next[a * dim + i] = s;
      }
    }
    if (!orthonormalise(next, dim, k)) return new Float64Array(2 * dim); // constant data
    let moved = 0;
    for (let a = 0; a < k; a++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += next[a * dim + d] * q[a * dim + d];
      moved = Math.max(moved, 1 - Math.abs(dot));
    }
    q = next;
    if (moved < tolerance) break;
  }
  // Rayleigh–Ritz on the 2-D subspace: the leading axis first.
  if (k === 2) ritz(c, q, dim);
  for (let a = 0; a < k; a++) {
    let best = 0;
    for (let d = 1; d < dim; d++)
      if (Math.abs(q[a * dim + d]) > Math.abs(q[a * dim + best])) best = d;
    if (q[a * dim + best] < 0) for (let d = 0; d < dim; d++) q[a * dim + d] = -q[a * dim + d];
  }
  return q;
}

/** Gram–Schmidt on the first k rows of q (each dim long); false when the first is zero. */
function orthonormalise(q: Float64Array, dim: number, k: number): boolean {
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < a; b++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += q[a * dim + d] * q[b * dim + d];
      for (let d = 0; d < dim; d++) q[a * dim + d] -= dot * q[b * dim + d];
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += q[a * dim + d] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-300) {
      if (a === 0) return false;
      q.fill(0, a * dim, (a + 1) * dim);
      continue;
    }
    for (let d = 0; d < dim; d++) q[a * dim + d] /= norm;
  }
  return true;
}

/** Rotates the two rows of q to the eigenvectors of the 2×2 projected matrix, larger eigenvalue first. */
function ritz(c: Float64Array, q: Float64Array, dim: number): void {
  const m = [0, 0, 0, 0];
  for (let a = 0; a < 2; a++) {
    for (let b = 0; b < 2; b++) {
      let s = 0;
      for (let i = 0; i < dim; i++) {
        let row = 0;
        for (let j = 0; j < dim; j++) row += c[i * dim + j] * q[b * dim + j];
        s += q[a * dim + i] * row;
      }
      m[a * 2 + b] = s;
    }
  }
  const [p, r, , t] = m as [number, number, number, number];
  const angle = 0.5 * Math.atan2(2 * r, p - t);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  for (let d = 0; d < dim; d++) {
    const u = q[d];
    const v = q[dim + d];
    q[d] = cos * u + sin * v;
    q[dim + d] = -sin * u + cos * v;
  }
}
