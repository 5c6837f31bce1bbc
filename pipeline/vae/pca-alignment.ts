/**
 * Do the decoder's local directions point along the data's principal directions (Rolinek et
 * al. 2019)? Global PCA of the training images (deterministic: one covariance product on the
 * thread's tfjs backend, then block subspace iteration in float64 from a fixed start with
 * Rayleigh–Ritz on the block), and for each decoder-Jacobian column the largest |cosine| with
 * any of the top-k principal directions, plus the share of its squared norm inside their
 * span. A direction drawn uniformly at random in `dim` dimensions gives about
 * √(2/(π·dim))·(a few) for the first and exactly k/dim on average for the second
 * ({@link randomPcaAlignment}, {@link meanAbsCosine}).
 */
import { tf } from '../train/tfjs.ts';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { readTidy } from '../util/read-tensor.ts';
import type { Random } from '../util/random.ts';
import { standardNormal } from './gaussian.ts';

/** Options of {@link principalDirections}. */
export interface PrincipalOptions {
  /** Subspace iterations at most. @default 300 */
  iterations?: number;
  /** Stop when the block's Ritz values change by less than this, relatively. @default 1e-10 */
  tolerance?: number;
}

const DEFAULTS = { iterations: 300, tolerance: 1e-10 } as const;

/** The top `k` principal directions (unit length, k×dim row-major) and their variances. */
export interface Principal {
  readonly directions: Float32Array;
  readonly variances: Float64Array;
}

/** Gram–Schmidt on the b rows of q (each dim long), in place; a vanishing row becomes zero. */
function orthonormalise(q: Float64Array, dim: number, b: number): void {
  for (let a = 0; a < b; a++) {
    const row = q.subarray(a * dim, (a + 1) * dim);
    for (let c = 0; c < a; c++) {
      const other = q.subarray(c * dim, (c + 1) * dim);
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += row[d] * other[d];
      for (let d = 0; d < dim; d++) row[d] -= dot * other[d];
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += row[d] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-300) row.fill(0);
    else for (let d = 0; d < dim; d++) row[d] /= norm;
  }
}

/** Global PCA: the `k` leading eigenvectors of the covariance of n×dim `points`. */
export function principalDirections(
  points: Float32Array,
  n: number,
  dim: number,
  k: number,
  options: PrincipalOptions = {},
): Principal {
  const { iterations, tolerance } = { ...DEFAULTS, ...options };
  if (points.length !== n * dim)
    throw new Error(
      `pca-alignment: points length (${points.length}) must equal n*dim (${n}*${dim})`,
    );
  if (!(k >= 1 && k <= dim)) throw new Error(`pca-alignment: k (${k}) must be in 1 … ${dim}`);
  const covariance = Float64Array.from(
    readTidy(() => {
      const x = tf.tensor2d(points, [n, dim]);
      const centred = tf.sub(x, tf.mean(x, 0));
      return tf.div(tf.matMul(tf.transpose(centred), centred), n);
    }),
  );
  // Oversampled block: its error falls like (λ_{b+1}/λ_k)^iterations.
  const b = Math.min(dim, 2 * k);
  let q = new Float64Array(b * dim);
  for (let a = 0; a < b; a++)
    for (let d = 0; d < dim; d++) q[a * dim + d] = Math.cos((a + 1) * (d + 1) + a);
  orthonormalise(q, dim, b);
  let ritz = { vectors: q, images: q, values: new Float64Array(b) };
  // One product C·Q per round: Rayleigh–Ritz on (Q, C·Q), then the next block is C·Q rotated
  // the same way (= C times the Ritz vectors), orthonormalised.
  for (let it = 0; it < iterations; it++) {
    const next = rayleighRitz(q, multiply(covariance, q, dim, b), dim, b);
    let change = 0;
    for (let a = 0; a < k; a++)
      change = Math.max(
        change,
        Math.abs(next.values[a] - ritz.values[a]) / (Math.abs(next.values[a]) || 1),
      );
    ritz = next;
    if (change < tolerance) break;
    q = next.images;
    orthonormalise(q, dim, b);
  }
  const directions = new Float32Array(k * dim);
  for (let a = 0; a < k; a++) {
    const row = ritz.vectors.subarray(a * dim, (a + 1) * dim);
    let best = 0;
    for (let d = 1; d < dim; d++) if (Math.abs(row[d]) > Math.abs(row[best])) best = d;
    const sign = row[best] < 0 ? -1 : 1; // fixed signs: the largest loading is positive
    for (let d = 0; d < dim; d++) directions[a * dim + d] = sign * row[d];
  }
  return { directions, variances: ritz.values.slice(0, k) };
}

/** C·qᵀ for the b rows of q: b×dim. */
function multiply(c: Float64Array, q: Float64Array, dim: number, b: number): Float64Array {
  const out = new Float64Array(b * dim);
  for (let a = 0; a < b; a++) {
    const row = q.subarray(a * dim, (a + 1) * dim);
    for (let i = 0; i < dim; i++) {
      let s = 0;
      const offset = i * dim;
      for (let j = 0; j < dim; j++) s += c[offset + j] * row[j];
      out[a * dim + i] = s;
    }
  }
  return out;
}

/**
 * Rotates the orthonormal rows of q to the eigenvectors of q·C·qᵀ (largest eigenvalue first),
 * given cq = the rows of C·qᵀ; `images` are the rotated rows of cq (C times each Ritz vector).
 */
function rayleighRitz(q: Float64Array, cq: Float64Array, dim: number, b: number) {
  const small = Matrix.zeros(b, b);
  for (let a = 0; a < b; a++)
    for (let e = 0; e < b; e++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += q[a * dim + d] * cq[e * dim + d];
      small.set(a, e, s);
    }
  const evd = new EigenvalueDecomposition(small.add(small.transpose()).mul(0.5), {
    assumeSymmetric: true,
  });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
  const v = evd.eigenvectorMatrix;
  const vectors = new Float64Array(b * dim);
  const images = new Float64Array(b * dim);
  const values = new Float64Array(b);
  order.forEach(([value, col], a) => {
    values[a] = value;
    for (let e = 0; e < b; e++) {
      const w = v.get(e, col);
      for (let d = 0; d < dim; d++) {
        vectors[a * dim + d] += w * q[e * dim + d];
        images[a * dim + d] += w * cq[e * dim + d];
      }
    }
  });
  return { vectors, images, values };
}

/** How m×c columns (each dim long, row-major) line up with k orthonormal directions. */
export interface PcaAlignment {
  /** Mean over the non-zero columns of max_i |cos(column, direction_i)|; −1 without columns. */
  readonly maxCosine: number;
  /** Mean over the non-zero columns of ‖projection on the directions' span‖² / ‖column‖²; −1 without columns. */
  readonly subspaceShare: number;
}

/** Compares `columns` (count×dim) with k orthonormal `directions` (k×dim); see {@link PcaAlignment}. */
export function pcaAlignment(
  columns: Float32Array,
  directions: Float32Array,
  dim: number,
): PcaAlignment {
  const count = columns.length / dim;
  const k = directions.length / dim;
  let cosSum = 0;
  let shareSum = 0;
  let used = 0;
  for (let c = 0; c < count; c++) {
    const col = columns.subarray(c * dim, (c + 1) * dim);
    let norm2 = 0;
    for (let d = 0; d < dim; d++) norm2 += col[d] * col[d];
    if (!(norm2 > 0)) continue;
    let best = 0;
    let inside = 0;
    for (let i = 0; i < k; i++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += col[d] * directions[i * dim + d];
      best = Math.max(best, Math.abs(dot) / Math.sqrt(norm2));
      inside += (dot * dot) / norm2;
    }
    cosSum += best;
    shareSum += inside;
    used++;
  }
  if (!used) return { maxCosine: -1, subspaceShare: -1 };
  return { maxCosine: cosSum / used, subspaceShare: shareSum / used };
}

/** E|cos| between a fixed unit vector and one uniform on the sphere in `dim` dimensions: Γ(d/2) / (√π·Γ((d+1)/2)). */
export function meanAbsCosine(dim: number): number {
  // R(d) = Γ(d/2)/Γ((d+1)/2): R(1) = √π, R(2) = 2/√π, and R(d+2) = d/(d+1)·R(d).
  let d = dim % 2 === 0 ? 2 : 1;
  let logRatio = d === 2 ? Math.log(2 / Math.sqrt(Math.PI)) : Math.log(Math.sqrt(Math.PI));
  for (; d < dim; d += 2) logRatio += Math.log(d) - Math.log(d + 1);
  return Math.exp(logRatio) / Math.sqrt(Math.PI);
}

/** The same measures for `samples` directions drawn uniformly on the sphere (seeded): what chance gives. */
export function randomPcaAlignment(
  directions: Float32Array,
  dim: number,
  samples: number,
  random: Random,
): PcaAlignment {
  return pcaAlignment(standardNormal(random, samples, dim), directions, dim);
}
