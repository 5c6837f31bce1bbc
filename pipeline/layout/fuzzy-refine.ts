/**
 * Force-directed refinement along a fuzzy kNN graph, with the force model UMAP optimises
 * (McInnes et al. 2018): every edge {i, j} of weight w is sampled about w / w_max times per
 * epoch and pulls its ends together with the attractive gradient of
 * log(1 + a·d^(2b))⁻¹; each sample also pushes its head away from `negativeSampleRate`
 * random nodes with the repulsive gradient of log(1 − (1 + a·d^(2b))⁻¹). The step size falls
 * linearly from `learningRate` to 0 over the run, so a run ends where the forces balance.
 * Written for SparseGraph and typed arrays; deterministic for a given `random` stream
 * (edges are visited in CSR order, negatives drawn from a uint32 stream seeded from `random`).
 *
 * Speed: the curve's exponent is b = 3/4 (UMAP fits b = 0.79 for min_dist 0.001), so the powers
 * of d² the gradients need are square roots: d^(2b) = d² / ⁴√d², and the attractive
 * d^(2(b−1)) folds into the ⁴√d² of its denominator. With b = 0.7933, Math.pow (one per
 * attractive, one per repulsive sample) was ≈ 75 % of the run: 500 epochs on a 2,000-node
 * MNIST view graph (42k directed edges) took 3.3–3.6 s CPU, with Math.exp(b·Math.log(d²))
 * 2.3–2.4 s, with the square roots 1.0–1.3 s (same machine, same load). The other costs per
 * sample then: drawing the negative through a `Random` closure ≈ 20 % (now `nextUint32` on a
 * typed-array state: 1.37 → 1.08 s CPU); the clips and the edge scan measured small.
 * Fidelity with b = 3/4 (default preset, one run each, 500 re-expansion epochs as before):
 * warm T@10 at ¼ epoch 0.9715 / 0.9797 / 0.9824 for layers 1–3 (b = 0.7933: 0.9724 / 0.9783 /
 * 0.9803), at the end 0.9787 / 0.9863 / 0.9883 (0.9769 / 0.9861 / 0.9882).
 */
import type { SparseGraph } from '../graph/sparse.ts';
import { createRandom, nextUint32, uint32State, type Random } from '../util/random.ts';

/** Options of `fuzzyRefine`. */
export interface FuzzyRefineOptions {
  /** Passes over the edges (an edge of the largest weight is sampled once per epoch). @default 200 */
  epochs?: number;
  /** Step size of the first epoch; it falls linearly to 0. @default 1 */
  learningRate?: number;
  /** Repulsive samples per attractive one. @default 5 */
  negativeSampleRate?: number;
  /** Weight of the repulsion (UMAP's γ). @default 1 */
  repulsionStrength?: number;
  /**
   * Scale of the low-dimensional similarity 1 / (1 + a·d^(2b)), b = 3/4 (`B`): the least-squares
   * fit of a to UMAP's target curve for min_dist 0.001, spread 1 with b held at 3/4 (UMAP's free
   * fit is a = 1.929, b = 0.7915; min_dist 0.001 measured higher trustworthiness@10 and kNN
   * preservation@10 on MNIST activations than min_dist 0.1's a = 1.577, b = 0.8951). @default 1.929
   */
  a?: number;
  /** Per-node multiplier of the step size (n long, each in [0, 1]); 0 pins a node (others still feel it). @default all 1 */
  rates?: Float32Array;
  /** Seeds the stream of negative samples (four draws). @default createRandom(0) */
  random?: Random;
}

const DEFAULTS = {
  epochs: 200,
  learningRate: 1,
  negativeSampleRate: 5,
  repulsionStrength: 1,
  a: 1.929,
};

/** The curve's exponent b: 3/4, so that d^(2b) = d² / ⁴√d² costs two square roots (see the header). */
const B = 0.75;

/** Largest move of one coordinate per sample (UMAP clips the gradient at 4). */
const CLIP = 4;

/** Refines `initial` (row-major n×2, working units ≈ 10 across) along `graph`; returns new positions. */
export function fuzzyRefine(
  graph: SparseGraph,
  initial: Float32Array,
  options: FuzzyRefineOptions = {},
): Float32Array {
  const { n, rowPtr, colIdx, weights } = graph;
  const o = { ...DEFAULTS, ...options };
  const random = options.random ?? createRandom(0);
  if (initial.length !== 2 * n)
    throw new Error(`fuzzyRefine: initial length (${initial.length}) must be 2n (${2 * n})`);
  if (!Number.isInteger(o.epochs) || o.epochs < 0)
    throw new Error(`fuzzyRefine: epochs (${o.epochs}) must be an integer ≥ 0`);
  if (!(o.learningRate >= 0 && o.learningRate < Infinity))
    throw new Error(`fuzzyRefine: learningRate (${o.learningRate}) must be finite and ≥ 0`);
  const rates = options.rates ?? new Float32Array(n).fill(1);
  if (rates.length !== n)
    throw new Error(`fuzzyRefine: rates length (${rates.length}) must be n (${n})`);
  const y = Float64Array.from(initial);
  const m = colIdx.length;
  if (o.epochs === 0 || m === 0 || n < 2) return Float32Array.from(y);
  let wMax = 0;
  for (let p = 0; p < m; p++) wMax = Math.max(wMax, weights[p]);
  // Sampling schedule: edge p fires every wMax / w_p epochs.
  const period = new Float64Array(m);
  const next = new Float64Array(m);
  const negPeriod = new Float64Array(m);
  const negNext = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    period[p] = wMax / weights[p];
    next[p] = period[p];
    negPeriod[p] = period[p] / o.negativeSampleRate;
    negNext[p] = negPeriod[p];
  }
  const { a } = o;
  const b = B;
  const gamma = o.repulsionStrength;
  const stream = uint32State(random); // the negatives' indices (cheaper than a random() per draw)
  const clip = (v: number): number => (v > CLIP ? CLIP : v < -CLIP ? -CLIP : v);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const alpha = o.learningRate * (1 - (epoch - 1) / o.epochs);
    for (let i = 0; i < n; i++) {
      const xi = 2 * i;
      const ai = alpha * rates[i];
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        if (next[p] > epoch) continue;
        const xj = 2 * colIdx[p];
        let dx = y[xi] - y[xj];
        let dy = y[xi + 1] - y[xj + 1];
        let d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          // −2ab·d^(2(b−1)) / (1 + a·d^(2b)), numerator and denominator times ⁴√d² = d^(2(1−b)).
          const coef = (-2 * a * b) / (a * d2 + Math.sqrt(Math.sqrt(d2)));
          const gx = clip(coef * dx);
          const gy = clip(coef * dy);
          const aj = alpha * rates[colIdx[p]];
          y[xi] += ai * gx;
          y[xi + 1] += ai * gy;
          y[xj] -= aj * gx;
          y[xj + 1] -= aj * gy;
        }
        next[p] += period[p];
        const negatives = Math.floor((epoch - negNext[p]) / negPeriod[p]) + 1;
        negNext[p] += negatives * negPeriod[p];
        for (let s = 0; s < negatives; s++) {
          const k = 2 * Math.floor((nextUint32(stream) * n) / 4294967296);
          if (k === xi) continue;
          dx = y[xi] - y[k];
          dy = y[xi + 1] - y[k + 1];
          d2 = dx * dx + dy * dy;
          if (d2 > 0) {
            const d2b = d2 / Math.sqrt(Math.sqrt(d2)); // d^(2b)
            const coef = (2 * gamma * b) / ((0.001 + d2) * (a * d2b + 1));
            y[xi] += ai * clip(coef * dx);
            y[xi + 1] += ai * clip(coef * dy);
          } else {
            y[xi] += ai * CLIP;
            y[xi + 1] += ai * CLIP;
          }
        }
      }
    }
  }
  return Float32Array.from(y);
}
