/**
 * umap-js's layout optimisation (`UMAP.optimizeLayout`, umap-js 1.4.0) on flat typed arrays:
 * the same epochs, samples, random draws and floating-point operations in the same order, so
 * the same bits as `fit` (tested against umap-js itself), in about half the time (8.0 → 4.2 s
 * for a 2,000-point view at 500 epochs). umap-js keeps the embedding as an array of arrays and
 * calls its helpers per sample; the comparison row of Figure 9 spent ≈ 9 s per view there.
 *
 * It reads the state umap-js prepares in `initializeFit` (private in its typings), checked field
 * by field: a umap-js that changed it fails here with a named field, and the bit test fails if
 * the arithmetic moved.
 */
import type { UMAP } from 'umap-js';
import { nextUint32 } from '../util/random.ts';

/** The part of umap-js's optimisation state the loop reads (umap.js, `initializeOptimization` and `prepareForOptimizationLoop`). */
interface UmapState {
  head: number[];
  tail: number[];
  headEmbedding: number[][];
  epochsPerSample: number[];
  epochOfNextSample: number[];
  epochOfNextNegativeSample: number[];
  epochsPerNegativeSample: number[];
  moveOther: boolean;
  alpha: number;
  initialAlpha: number;
  gamma: number;
  a: number;
  b: number;
  dim: number;
  nEpochs: number;
  nVertices: number;
  currentEpoch: number;
}

/** The per-edge arrays, one entry per edge of `head`. */
const EDGE_ARRAYS = [
  'tail',
  'epochsPerSample',
  'epochOfNextSample',
  'epochOfNextNegativeSample',
  'epochsPerNegativeSample',
] as const;
const ARRAYS = ['head', 'headEmbedding', ...EDGE_ARRAYS] as const;
const NUMBERS = ['alpha', 'initialAlpha', 'gamma', 'a', 'b', 'nEpochs', 'nVertices'] as const;

function readState(umap: UMAP): UmapState {
  const state = (umap as unknown as { optimizationState?: Partial<UmapState> }).optimizationState;
  if (!state) throw new Error('umap-sgd: umap-js has no optimizationState (call initializeFit)');
  for (const name of ARRAYS)
    if (!Array.isArray(state[name]))
      throw new Error(`umap-sgd: umap-js state.${name} is not an array`);
  for (const name of NUMBERS)
    if (typeof state[name] !== 'number' || !Number.isFinite(state[name]))
      throw new Error(`umap-sgd: umap-js state.${name} is not a finite number`);
  const s = state as UmapState;
  if (s.headEmbedding.length === 0 || s.headEmbedding.length !== s.nVertices)
    throw new Error('umap-sgd: umap-js has no embedding yet (call initializeFit first)');
  for (const name of EDGE_ARRAYS)
    if (s[name].length !== s.head.length)
      throw new Error(
        `umap-sgd: umap-js state.${name} has ${s[name].length} entries for ${s.head.length} edges`,
      );
  if (s.dim !== 2) throw new Error(`umap-sgd: nComponents (${s.dim}) must be 2`);
  if (!s.moveOther)
    throw new Error('umap-sgd: only fit (head and tail embedding are one) is supported');
  if ((s.currentEpoch ?? 0) !== 0)
    throw new Error('umap-sgd: the optimisation has already started');
  return s;
}

/**
 * Runs every epoch of umap-js's optimisation after `umap.initializeFit(rows)`, drawing negative
 * samples from `state`: the sfc32 state behind the `random` umap-js was given (randomState), so
 * the stream continues where initializeFit left it. Returns the embedding, row-major n×2 (the
 * values of `umap.fit(rows)`); umap-js's own embedding is left unchanged.
 */
export function optimizeUmapLayout(umap: UMAP, state: Uint32Array): Float64Array {
  const s = readState(umap);
  const edges = s.head.length;
  const head = Int32Array.from(s.head);
  const tail = Int32Array.from(s.tail);
  const epochsPerSample = Float64Array.from(s.epochsPerSample);
  const nextSample = Float64Array.from(s.epochOfNextSample);
  const nextNegative = Float64Array.from(s.epochOfNextNegativeSample);
  const epochsPerNegative = Float64Array.from(s.epochsPerNegativeSample);
  const n = s.headEmbedding.length;
  const pos = new Float64Array(2 * n);
  s.headEmbedding.forEach((row, i) => {
    pos[2 * i] = row[0];
    pos[2 * i + 1] = row[1];
  });
  const { a, b, gamma, initialAlpha, nEpochs, nVertices } = s;
  // umap-js computes these per sample, left to right; as constants they are the same values.
  const attraction = -2.0 * a * b;
  const bMinus1 = b - 1.0;
  const repulsion = 2.0 * gamma * b;
  const CLIP = 4.0;
  let alpha = s.alpha;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    for (let e = 0; e < edges; e++) {
      if (nextSample[e] > epoch) continue;
      const j = head[e];
      const j0 = 2 * j;
      const k0 = 2 * tail[e];
      // Math.pow(x, 2) is x * x in V8 (fdlibm's special case), so rDist's terms are these.
      const dx = pos[j0] - pos[k0];
      const dy = pos[j0 + 1] - pos[k0 + 1];
      const d2 = dx * dx + dy * dy;
      let grad = 0;
      if (d2 > 0) {
        grad = attraction * Math.pow(d2, bMinus1);
        grad /= a * Math.pow(d2, b) + 1.0;
      }
      // Per coordinate, in umap-js's order: x of both ends moves before y is read.
      let g = grad * (pos[j0] - pos[k0]);
      g = g > CLIP ? CLIP : g < -CLIP ? -CLIP : g;
      pos[j0] += g * alpha;
      pos[k0] += -g * alpha;
      g = grad * (pos[j0 + 1] - pos[k0 + 1]);
      g = g > CLIP ? CLIP : g < -CLIP ? -CLIP : g;
      pos[j0 + 1] += g * alpha;
      pos[k0 + 1] += -g * alpha;
      nextSample[e] += epochsPerSample[e];
      const negatives = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
      for (let p = 0; p < negatives; p++) {
        const q = Math.floor((nextUint32(state) / 4294967296) * nVertices);
        const q0 = 2 * q;
        const ex = pos[j0] - pos[q0];
        const ey = pos[j0 + 1] - pos[q0 + 1];
        const e2 = ex * ex + ey * ey;
        let push = 0.0;
        if (e2 > 0.0) {
          push = repulsion;
          push /= (0.001 + e2) * (a * Math.pow(e2, b) + 1);
        } else if (j === q) continue;
        let h = CLIP;
        if (push > 0.0) {
          h = push * (pos[j0] - pos[q0]);
          h = h > CLIP ? CLIP : h < -CLIP ? -CLIP : h;
        }
        pos[j0] += h * alpha;
        h = CLIP;
        if (push > 0.0) {
          h = push * (pos[j0 + 1] - pos[q0 + 1]);
          h = h > CLIP ? CLIP : h < -CLIP ? -CLIP : h;
        }
        pos[j0 + 1] += h * alpha;
      }
      nextNegative[e] += negatives * epochsPerNegative[e];
    }
    alpha = initialAlpha * (1.0 - epoch / nEpochs);
  }
  return pos;
}
