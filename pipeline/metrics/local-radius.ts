/**
 * Local radius correlation, densMAP's measure of density preservation (Narayan, Berger & Cho
 * 2021, "Assessing single-cell transcriptomic variability through density-preserving data
 * visualization"): the local radius of point i in a space is the mean squared distance to its
 * k nearest neighbours there, R(i) = (1/k) Σ_{j ∈ kNN(i)} d(i, j)²; the score is the Pearson
 * correlation over points of log R in activation space with log R in the layout. 1: a region
 * that is tight in activation space is as much tighter in the picture; 0: the picture's
 * density says nothing about activation space (e.g. a layout that spreads every region evenly).
 *
 * How it differs from umap-learn's densMAP (`output_dens=True`, and the λ term it optimises):
 * there, R(i) is a mean weighted by fuzzy membership μ(i, j) of UMAP's graph (each space's own
 * fuzzy simplicial set with n_neighbors), and the log has an absolute floor (1e-8). Here the
 * k neighbours of each space count equally (its exact kNN: `highNeighbors`, `lowNeighbors`),
 * and the floor is relative to each space's mean radius, so the score is exactly invariant to
 * scaling either space. Values are therefore close to, not equal to, umap-learn's.
 */
import { checkCount, checkK, checkLength, checkMatrix } from './validate.ts';

/** One space: its n×n distances and each point's k nearest neighbours (n×k, nearest first). */
export interface RadiusSpace {
  readonly dist: Float32Array;
  readonly neighbors: Int32Array;
}

/** Options of {@link localRadiusR}. */
export interface LocalRadiusOptions {
  /** Neighbours per point, 1 ≤ k < n; the neighbour lists hold k per point. @default 10 */
  k?: number;
  /** Floor added to every radius before the log, as a share of that space's mean radius (coincident neighbours give R = 0). @default 1e-6 */
  epsilon?: number;
}

const DEFAULTS: Required<LocalRadiusOptions> = { k: 10, epsilon: 1e-6 };

/** log(R(i) + ε·mean R) of every point of one space; see the header. */
export function logLocalRadii(
  space: RadiusSpace,
  n: number,
  options: LocalRadiusOptions = {},
): Float64Array {
  const { k, epsilon } = { ...DEFAULTS, ...options };
  checkCount('localRadius', n);
  checkK('localRadius', k, n, 'n');
  checkMatrix('localRadius', 'dist', space.dist, n);
  checkLength('localRadius', 'neighbors', space.neighbors, n * k, 'n*k');
  if (!(epsilon > 0)) throw new Error(`localRadius: epsilon (${epsilon}) must be > 0`);
  const radius = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let p = 0; p < k; p++) {
      const d = space.dist[i * n + space.neighbors[i * k + p]];
      sum += d * d;
    }
    radius[i] = sum / k;
    total += radius[i];
  }
  const floor = (epsilon * total) / n;
  // All points coincide: every radius is 0, every log the same (the correlation is then 0).
  for (let i = 0; i < n; i++) radius[i] = floor > 0 ? Math.log(radius[i] + floor) : 0;
  return radius;
}

/** Pearson correlation of two equally long series; 0 when either is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n)
    throw new Error(`localRadius: pearson of ${n} and ${b.length} values (must be equal)`);
  // Tested exactly: a constant series' deviations from its rounded mean are not exactly 0.
  if (isConstant(a) || isConstant(b)) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return Math.max(-1, Math.min(1, ab / Math.sqrt(aa * bb)));
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Pearson r of the log local radii in activation space (`high`) and the layout (`low`), −1 … 1. */
export function localRadiusR(
  high: RadiusSpace,
  low: RadiusSpace,
  n: number,
  options: LocalRadiusOptions = {},
): number {
  return pearson(logLocalRadii(high, n, options), logLocalRadii(low, n, options));
}
