/**
 * The one k-nearest-neighbour implementation (metrics' `nearestNeighbors` wraps it). One total
 * order per row: ascending distance, ties broken by the smaller index, self excluded, so
 * duplicated points and dead (all-zero) activations give a well-defined, reproducible answer.
 *
 * Gram distances (`gramDistances`) are fast but not exact: with `refine`, the k + extra
 * nearest by the given matrix are re-ranked by exact differences (`exactDistance`, bit-equal
 * to `pairwiseDistances`), and each row is *certified*: a rigorous bound on the Gram error
 * (see `gramDistances`) must show that every point outside the candidates is strictly
 * farther than the k-th exact neighbour. A row that cannot be certified — near-ties at the
 * candidate boundary, duplicated rows and dead activations with more than k + extra copies at
 * distance 0 — is rescanned exactly against all n points. The refined result therefore
 * equals `knn(pairwiseDistances(data))` bit for bit (indices, order and distances), on any
 * backend that accumulates the Gram matrix in float32 or better.
 */
import { columnMeans, exactDistance, FLOAT32_EPSILON, pairwiseDistances } from './distances.ts';

/** Exact re-ranking of Gram-distance candidates; see the file header. */
export interface KnnRefineOptions {
  /** The points the distance matrix was computed from, row-major n×dim. */
  data: Float32Array;
  /** Columns of `data`. */
  dim: number;
  /** Candidates beyond k per row; more = fewer exact rescans, slower re-ranking (0 rescans every row). @default 5 */
  extra?: number;
}

/** Options for `knn`. */
export interface KnnOptions {
  /** Neighbours per point; values ≥ n are clamped to n − 1 (the result's `k` says which). @default 15 */
  k?: number;
  /** Re-rank by exact distances: set when `distances` came from `gramDistances(data)`. @default none */
  refine?: KnnRefineOptions;
}

/** k nearest neighbours of every point, row-major n×k. */
export interface KnnResult {
  n: number;
  /** Effective k, after clamping to n − 1. */
  k: number;
  /** `indices[i*k + r]` is the r-th nearest neighbour of i. */
  indices: Int32Array;
  /** Matching distances, ascending within each row. */
  distances: Float32Array;
  /** With `refine`: rows that could not be certified and were rescanned exactly. */
  rescanned?: number;
}

const DEFAULTS = { k: 15, extra: 5 };

/** kNN from an n×n distance matrix (row-major); exact-reference kNN with `refine`. */
export function knn(distances: Float32Array, n: number, options: KnnOptions = {}): KnnResult {
  const requested = options.k ?? DEFAULTS.k;
  if (!Number.isInteger(n) || n < 2) throw new Error(`knn: n (${n}) must be an integer ≥ 2`);
  if (distances.length !== n * n) {
    throw new Error(`knn: distances length (${distances.length}) must equal n*n (${n}*${n})`);
  }
  if (!Number.isInteger(requested) || requested < 1) {
    throw new Error(`knn: k (${requested}) must be an integer ≥ 1`);
  }
  // With fewer than k other points, every other point is a neighbour.
  const k = Math.min(requested, n - 1);
  if (!options.refine) return selectAll(distances, n, k);
  const extra = options.refine.extra ?? DEFAULTS.extra;
  if (!Number.isInteger(extra) || extra < 0) {
    throw new Error(`knn: refine.extra (${extra}) must be an integer ≥ 0`);
  }
  const candidates = selectAll(distances, n, Math.min(k + extra, n - 1));
  return refineKnn(options.refine.data, options.refine.dim, candidates, { k });
}

/** Exact kNN of n points of dimension dim (row-major); builds the full n×n distance matrix. */
export function knnFromData(
  data: Float32Array,
  n: number,
  dim: number,
  options: Omit<KnnOptions, 'refine'> = {},
): KnnResult {
  return knn(pairwiseDistances(data, n, dim), n, options);
}

/** The first k columns of a kNN result (same order): e.g. the metrics' k = 10 from the graph's 15. */
export function firstNeighbors(result: KnnResult, k: number): KnnResult {
  if (!Number.isInteger(k) || k < 1 || k > result.k) {
    throw new Error(`knn: k (${k}) must be an integer with 1 ≤ k ≤ the result's k (${result.k})`);
  }
  const indices = new Int32Array(result.n * k);
  const distances = new Float32Array(result.n * k);
  for (let i = 0; i < result.n; i++) {
    indices.set(result.indices.subarray(i * result.k, i * result.k + k), i * k);
    distances.set(result.distances.subarray(i * result.k, i * result.k + k), i * k);
  }
  return { n: result.n, k, indices, distances };
}

/** Options for `refineKnn`. */
export interface RefineKnnOptions {
  /** Neighbours to keep per point, ≤ the candidates' k. @default 15, clamped to n − 1 */
  k?: number;
}

/**
 * Re-ranks candidate lists by exact distances and certifies each row (file header).
 * `candidates` must be the nearest points of each row by `gramDistances(data)` or by an exact
 * matrix, i.e. what `knn` returns for it with k + extra; any other candidate lists void the
 * certificate.
 */
export function refineKnn(
  data: Float32Array,
  dim: number,
  candidates: KnnResult,
  options: RefineKnnOptions = {},
): KnnResult {
  const { n, k: m } = candidates;
  const k = Math.min(options.k ?? DEFAULTS.k, n - 1);
  if (!Number.isInteger(k) || k < 1) throw new Error(`refineKnn: k (${k}) must be an integer ≥ 1`);
  if (k > m) throw new Error(`refineKnn: k (${k}) must be ≤ the candidates' k (${m})`);
  if (!Number.isInteger(dim) || dim < 1 || data.length !== n * dim) {
    throw new Error(`refineKnn: data length (${data.length}) must equal n*dim (${n}*${dim})`);
  }
  for (let e = 0; e < data.length; e++) {
    if (!Number.isFinite(data[e])) {
      throw new Error(`refineKnn: data[${e}] (${data[e]}) must be finite`);
    }
  }
  const u = FLOAT32_EPSILON;
  // Worst-case error of a float32 dot product of length dim, any summation order (Higham's
  // γ_dim), plus float64 rounding in ‖a‖² + ‖b‖² − 2a·b.
  const gamma = (dim * u) / (1 - dim * u) + 2 ** -50;
  const norms = centredNorms(data, n, dim);
  let maxNorm = 0;
  for (let i = 0; i < n; i++) maxNorm = Math.max(maxNorm, norms[i]);

  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const candIdx = new Int32Array(m);
  const candDist = new Float32Array(m);
  const row = new Float32Array(n);
  let rescanned = 0;
  const exact = new Float32Array(m);
  for (let i = 0; i < n; i++) {
    candidateDistances(data, dim, i, candidates.indices.subarray(i * m, (i + 1) * m), exact);
    // Exact distances of the candidates, insertion-sorted by (distance, index).
    for (let c = 0; c < m; c++) {
      const j = candidates.indices[i * m + c];
      const d = exact[c];
      let p = c;
      while (p > 0 && (candDist[p - 1] > d || (candDist[p - 1] === d && candIdx[p - 1] > j))) {
        candDist[p] = candDist[p - 1];
        candIdx[p] = candIdx[p - 1];
        p--;
      }
      candDist[p] = d;
      candIdx[p] = j;
    }
    if (m < n - 1) {
      // Lower bound on the exact distance of any point outside the candidates: its Gram
      // distance is ≥ the last candidate's (D), and Gram and exact differ by at most
      // E/D with E = γ·s², s = ‖cᵢ‖ + max‖cⱼ‖ (or √E when D² ≤ E), plus centring round-off u·s.
      const s = norms[i] + maxNorm;
      const bigE = gamma * s * s;
      const gLow = candidates.distances[i * m + m - 1] / (1 + u);
      const margin = gLow * gLow > bigE ? bigE / gLow : Math.sqrt(bigE);
      const outside = (gLow - margin - u * s) * (1 - 2 * u);
      if (!(outside > candDist[k - 1])) {
        // Not certified: the exact reference's row, from all n points.
        for (let j = 0; j < n; j++) row[j] = j === i ? 0 : exactDistance(data, dim, i, j);
        selectRow(row, 0, n, i, k, indices, distances, i * k, 'refineKnn');
        rescanned++;
        continue;
      }
    }
    indices.set(candIdx.subarray(0, k), i * k);
    distances.set(candDist.subarray(0, k), i * k);
  }
  return { n, k, indices, distances, rescanned };
}

/**
 * `exactDistance(data, dim, i, js[c])` into out[c] for every c, bit for bit: four candidates
 * per pass over row i (each sum still in dimension order), which reads row i a quarter as often
 * (2,000 rows × 95 candidates × 256 dimensions: ≈ 100 → 55 ms).
 */
function candidateDistances(
  data: Float32Array,
  dim: number,
  i: number,
  js: Int32Array,
  out: Float32Array,
): void {
  const oi = i * dim;
  const m = js.length;
  let c = 0;
  for (; c + 4 <= m; c += 4) {
    const o0 = js[c] * dim;
    const o1 = js[c + 1] * dim;
    const o2 = js[c + 2] * dim;
    const o3 = js[c + 3] * dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let d = 0; d < dim; d++) {
      const x = data[oi + d];
      const t0 = x - data[o0 + d];
      const t1 = x - data[o1 + d];
      const t2 = x - data[o2 + d];
      const t3 = x - data[o3 + d];
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    out[c] = Math.sqrt(s0);
    out[c + 1] = Math.sqrt(s1);
    out[c + 2] = Math.sqrt(s2);
    out[c + 3] = Math.sqrt(s3);
  }
  for (; c < m; c++) out[c] = exactDistance(data, dim, i, js[c]);
}

/** Upper bounds on ‖fround(xᵢ − mean)‖, the rows `gramDistances` multiplies. */
function centredNorms(data: Float32Array, n: number, dim: number): Float64Array {
  const mean = columnMeans(data, n, dim);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (data[i * dim + d] - mean[d]) ** 2;
    norms[i] = Math.sqrt(s) * (1 + 4 * FLOAT32_EPSILON);
  }
  return norms;
}

function selectAll(distances: Float32Array, n: number, k: number): KnnResult {
  const indices = new Int32Array(n * k);
  const dists = new Float32Array(n * k);
  for (let i = 0; i < n; i++) selectRow(distances, i * n, n, i, k, indices, dists, i * k, 'knn');
  return { n, k, indices, distances: dists };
}

/**
 * The k smallest of row[offset … offset+n) except `self`, by (distance, index), into out*: a
 * max-heap of the best k so far (its root the worst kept), then heapsorted ascending. Keys are
 * distinct (indices are), so the order is total and equals a full sort's.
 */
function selectRow(
  row: Float32Array,
  offset: number,
  n: number,
  self: number,
  k: number,
  outIdx: Int32Array,
  outDist: Float32Array,
  o: number,
  module: string,
): void {
  let filled = 0;
  for (let j = 0; j < n; j++) {
    if (j === self) continue;
    const d = row[offset + j];
    if (!(d >= 0 && d < Infinity))
      throw new Error(`${module}: distance (${d}) at (${self}, ${j}) must be finite and ≥ 0`);
    if (filled < k) {
      // Sift up: j is the largest index so far, so it goes after every kept equal distance.
      let p = filled++;
      while (p > 0) {
        const parent = (p - 1) >> 1;
        if (outDist[o + parent] > d) break;
        outDist[o + p] = outDist[o + parent];
        outIdx[o + p] = outIdx[o + parent];
        p = parent;
      }
      outDist[o + p] = d;
      outIdx[o + p] = j;
    } else if (d < outDist[o]) {
      siftDown(outIdx, outDist, o, 0, k, d, j);
    }
  }
  // Heapsort: move the worst kept to the end, one at a time.
  for (let end = filled - 1; end > 0; end--) {
    const d = outDist[o + end];
    const j = outIdx[o + end];
    outDist[o + end] = outDist[o];
    outIdx[o + end] = outIdx[o];
    siftDown(outIdx, outDist, o, 0, end, d, j);
  }
}

/** Places (d, j) at heap position p of the max-heap out*[o … o+size) by (distance, index), moving larger children up. */
function siftDown(
  outIdx: Int32Array,
  outDist: Float32Array,
  o: number,
  p: number,
  size: number,
  d: number,
  j: number,
): void {
  for (;;) {
    let c = 2 * p + 1;
    if (c >= size) break;
    if (c + 1 < size) {
      const a = outDist[o + c];
      const b = outDist[o + c + 1];
      if (b > a || (b === a && outIdx[o + c + 1] > outIdx[o + c])) c++;
    }
    const cd = outDist[o + c];
    if (cd < d || (cd === d && outIdx[o + c] < j)) break;
    outDist[o + p] = cd;
    outIdx[o + p] = outIdx[o + c];
    p = c;
  }
  outDist[o + p] = d;
  outIdx[o + p] = j;
}
