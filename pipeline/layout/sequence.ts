/**
 * Temporally coherent layouts of a sequence of graphs over the same nodes (one per snapshot).
 * First call: spectral init → ForceAtlas2 (`coldIterations`) → fitToBox.
 * Later calls: the previous box positions, rescaled to FA2's working scale, seed a short run
 * (at most `warmIterations`; `warmTolerance` stops it once it has converged) → Procrustes onto
 * the previous positions → fitToBox. Node order never changes.
 * With `refine` (the MLP views): the first call continues from the ForceAtlas2 layout with a
 * neighbour embedding (neighbor-embedding.ts: t-SNE's gradient with exaggeration ρ, 1 = t-SNE,
 * and a densMAP-style density term) along the view's affinities; later calls skip ForceAtlas2
 * and continue from the previous layout, each node with a step size proportional to how much
 * its graph neighbourhood changed (`neighbourhoodChange`, floored at 20 × the mean change), for
 * more steps, with a short early exaggeration, the more the graph changed (re-expansion).
 * When nothing changed nothing moves, so an unchanged graph gives the same layout again.
 */
import { BOX } from '../contract.ts';
import type { SparseGraph } from '../graph/sparse.ts';
import { createRandom, gaussian, type Random } from '../util/random.ts';
import { applyTransform, fitToBox, procrustes, type SimilarityTransform } from './align.ts';
import { forceAtlas2Run, type ForceAtlas2Settings } from './forceatlas2.ts';
import { neighborEmbedding } from './neighbor-embedding.ts';
import { spectralLayout, type SpectralOptions } from './spectral.ts';

/** Options for `createLayoutSequence`. */
export interface LayoutSequenceOptions {
  /** Randomness for the spectral start block and the init jitter. @default createRandom(0) */
  random?: Random;
  /** Spectral init settings (dimensions is always 2). @default spectralLayout's */
  spectral?: Omit<SpectralOptions, 'random' | 'dimensions'>;
  /** ForceAtlas2 settings. @default inferForceAtlas2Settings(n) */
  fa2?: ForceAtlas2Settings;
  /** FA2 iterations on the first graph. @default 300 */
  coldIterations?: number;
  /**
   * FA2 iterations on every later graph (≈15 ms each at 2k nodes / 20k edges): the cap when
   * `warmTolerance` > 0, else the fixed count (40 was the fixed default before convergence).
   * @default 80
   */
  warmIterations?: number;
  /**
   * Warm runs stop once FA2's relative step (RMS node move per iteration / RMS radius) stays
   * below this for `warmPatience` iterations; 0 always runs `warmIterations`. FA2's own jitter
   * is ≈0.03 node spacings (RMS radius / √n) per iteration, so the default is 0.067 spacings:
   * 1.5e-3 at n = 2,000. Measured on MNIST activations (2k nodes) against a fixed 40: equal or
   * better trustworthiness@10 and kNN preservation@10, 4–5× less drift on an unchanged graph
   * (it stops after 5–7 iterations there), fewer iterations late in training, more early.
   * @default defaultWarmTolerance(n)
   */
  warmTolerance?: number;
  /** Consecutive calm iterations that end a warm run. @default 5 */
  warmPatience?: number;
  /** RMS radius of the spectral init in FA2 units, × √n (FA2 settles at ≈ 11–14 √n). @default 12 */
  initialRadius?: number;
  /** Gaussian jitter on the spectral init, × its RMS radius; separates coincident nodes. @default 0.01 */
  jitter?: number;
  /** Output square [−box, box]². @default BOX */
  box?: number;
  /** Let the alignment to the previous snapshot mirror the layout. @default true */
  allowReflection?: boolean;
  /**
   * A neighbour embedding (neighbor-embedding.ts) after ForceAtlas2 on the first graph, and
   * instead of ForceAtlas2 on later graphs (warm-started from the previous layout).
   * @default undefined (ForceAtlas2 only)
   */
  refine?: LayoutRefineOptions;
}

/** The refinement stage of `createLayoutSequence`: a neighbour embedding (neighbor-embedding.ts). */
export interface LayoutRefineOptions {
  /** Gradient steps on the first graph (from the ForceAtlas2 layout), early exaggeration included. @default 500 */
  coldEpochs?: number;
  /** Steps of early exaggeration (×12, momentum 0.5) at the start of the cold run. @default 150 */
  earlyEpochs?: number;
  /**
   * Early exaggeration of a warm run, in steps, when every neighbourhood changed (× r̄^reexpandPower
   * otherwise): lets clusters that formed since the previous snapshot gather before t-SNE's weak
   * long-range attraction takes over. @default 150
   */
  reexpandEarly?: number;
  /** Steps on every later graph (from the previous layout) whose nodes all kept their neighbourhoods. @default 50 */
  warmEpochs?: number;
  /**
   * Re-expansion: a warm run gets (reexpandEpochs − warmEpochs) · r̄^reexpandPower more steps, r̄
   * the mean per-node rate (see changeGain): reexpandEpochs when every neighbourhood
   * changed (early training), few when little changed. The 4th power keeps the full schedule for
   * the first snapshots, where the graph is nearly new. @default 4
   */
  reexpandPower?: number;
  /** Steps of a warm run in which every node's neighbourhood changed (the cold run's count: such a graph is nearly new). @default 500 */
  reexpandEpochs?: number;
  /**
   * A warm run whose re-expansion share r̄^reexpandPower is at least this restarts from the
   * previous layout shrunk to `radius` (its arrangement kept, as t-SNE starts from a scaled-down
   * PCA): on a nearly new graph, clusters form afresh instead of pushing through the old picture.
   * Layer 1 of the default run at ¼ epoch, three layout seeds: T@10 0.9763–0.9793 without,
   * 0.9798–0.9812 with. 1 or more: never. @default 0.3
   */
  reexpandShrink?: number;
  /**
   * A warm run moves node i with step size × min(1, changeGain · c), c the larger of its own
   * neighbourhood change and its neighbours' mean (`neighbourhoodChange`): a node whose
   * graph neighbourhood did not change does not move. @default 4
   */
  changeGain?: number;
  /** Scale warm steps by neighbourhood change (false: every node at the full step, a plain warm start). @default true */
  changeRates?: boolean;
  /**
   * Smallest per-node rate, as a multiple of the mean rate (capped at 1): every node moves when
   * the graph as a whole changed, none when nothing changed. Late in training the mean rate is
   * ≈ 0.03–0.04, so 20 lets every node move at ≈ ⅔ of the full step; with a floor of 1× the mean
   * the late layout froze and lagged its graph (layer 1 at the end, default run: T@10 0.9808;
   * 8× 0.9822; 20× 0.9830; plain t-SNE 0.9856). @default 20
   */
  minRate?: number;
  /** RMS radius of the cold run's start in embedding units (t-SNE starts small). @default 0.01 */
  radius?: number;
  /** Attraction–repulsion balance ρ: 1 is t-SNE, larger is tighter (Böhm et al. 2022). @default 1 */
  exaggeration?: number;
  /** Weight λ of the density term (0: none); its target radii come from `LayoutStepOptions.radii`. @default 0.1 */
  density?: number;
  /** Barnes-Hut opening angle. @default 0.8 */
  theta?: number;
}

const REFINE_DEFAULTS: Required<LayoutRefineOptions> = {
  coldEpochs: 500,
  earlyEpochs: 150,
  reexpandEarly: 150,
  warmEpochs: 50,
  changeGain: 4,
  changeRates: true,
  minRate: 20,
  reexpandPower: 4,
  reexpandEpochs: 500,
  reexpandShrink: 0.3,
  radius: 0.01,
  exaggeration: 1,
  density: 0.1,
  theta: 0.8,
};

/** One layout of the sequence. */
export interface LayoutStep {
  /** Row-major n×2, every coordinate in [−box, box]. */
  positions: Float32Array;
  /** RMS distance each node moved since the previous step, in box units (0 on the first). */
  displacement: number;
  /** Largest distance any node moved, in box units (0 on the first). */
  maxDisplacement: number;
  /** Whether this was the cold (spectral-initialised) start. */
  cold: boolean;
  /** FA2 iterations run. */
  iterations: number;
  /** Whether FA2 stopped on `warmTolerance` before its iteration cap. */
  converged: boolean;
  /** Wall-clock time of this step; for reporting only, never write it into artifacts. */
  seconds: number;
  /** Refinement epochs run (with the refine option). */
  epochs?: number;
  /** The Procrustes fit onto the previous step (absent on the first). */
  alignment?: SimilarityTransform;
}

/** Per-call overrides for `next`. */
export interface LayoutStepOptions {
  /** FA2 iterations for this step only (e.g. more for the big early changes). @default coldIterations or warmIterations */
  iterations?: number;
  /** `warmTolerance` for this step only (ignored on the cold step). @default warmTolerance */
  tolerance?: number;
  /** The refinement's affinities (t-SNE's P, affinities.ts). @default the graph, weights normalised to sum 1 */
  affinities?: SparseGraph;
  /** Target log local radii over the graph's edges, for the density term (`logLocalRadii` of the points). @default none */
  radii?: Float64Array;
}

/** A stateful layout sequence; call `next` once per snapshot, in order. */
export interface LayoutSequence {
  next(graph: SparseGraph, options?: LayoutStepOptions): LayoutStep;
  /** What the next step depends on: plain data, to continue the sequence elsewhere (`resume`). */
  state(): LayoutSequenceState;
}

/**
 * A sequence's state between steps. The randomness is not in it: only the first (cold) step
 * draws, so a sequence resumed after its first step needs none.
 */
export interface LayoutSequenceState {
  previous: Float32Array | null;
  /** FA2 units per box unit, from the last step. */
  workingScale: number;
  previousGraph: SparseGraph | null;
}

const DEFAULTS = {
  coldIterations: 300,
  warmIterations: 80,
  warmPatience: 5,
  initialRadius: 12,
  jitter: 0.01,
  box: BOX,
  allowReflection: true,
};

/** FA2 jitter settles near 0.03 node spacings per iteration; stop at about twice that. */
const WARM_TOLERANCE_SPACINGS = 0.067;

/** `warmTolerance` for n nodes: 0.067 node spacings (RMS radius / √n) per iteration. */
export function defaultWarmTolerance(n: number): number {
  return WARM_TOLERANCE_SPACINGS / Math.sqrt(Math.max(n, 1));
}

/**
 * Creates a layout sequence; see the file header for the stages. `resume`: continue from another
 * sequence's `state()` (same options), with the same bytes as that sequence's next steps.
 */
export function createLayoutSequence(
  options: LayoutSequenceOptions = {},
  resume?: LayoutSequenceState,
): LayoutSequence {
  const settings = { ...DEFAULTS, ...options };
  const random = options.random ?? createRandom(0);
  let previous = resume?.previous ?? null;
  let workingScale = resume?.workingScale ?? 1;
  let previousGraph = resume?.previousGraph ?? null;
  return {
    state: () => ({ previous, workingScale, previousGraph }),
    next(graph: SparseGraph, stepOptions: LayoutStepOptions = {}): LayoutStep {
      const started = performance.now();
      const { n } = graph;
      if (previous && previous.length !== 2 * n) {
        throw new Error(
          `sequence: graph n (${n}) must equal the first graph's n (${previous.length / 2})`,
        );
      }
      const cold = previous === null;
      const cap =
        stepOptions.iterations ?? (cold ? settings.coldIterations : settings.warmIterations);
      const initial = previous
        ? scaled(previous, workingScale)
        : coldStart(graph, settings, random);
      const tolerance = cold
        ? 0
        : (stepOptions.tolerance ?? settings.warmTolerance ?? defaultWarmTolerance(n));
      const run = forceAtlas2Run(graph, initial, {
        ...options.fa2,
        iterations: settings.refine && !cold ? 0 : cap,
        tolerance,
        patience: settings.warmPatience,
      });
      const { iterations, converged } = run;
      const refinement = settings.refine
        ? refined(graph, run.positions, previousGraph, settings.refine, stepOptions)
        : undefined;
      const raw = refinement ? refinement.positions : run.positions;
      previousGraph = graph;
      const alignment = previous
        ? procrustes(raw, previous, n, { allowReflection: settings.allowReflection })
        : undefined;
      const positions = fitToBox(alignment ? applyTransform(raw, n, alignment) : raw, n, {
        box: settings.box,
      });
      workingScale = rmsRadius(raw, n) / Math.max(rmsRadius(positions, n), 1e-12);
      const [displacement, maxDisplacement] = previous ? moved(previous, positions, n) : [0, 0];
      previous = positions;
      const seconds = (performance.now() - started) / 1000;
      const step: LayoutStep = {
        positions,
        displacement,
        maxDisplacement,
        cold,
        iterations,
        converged,
        seconds,
      };
      if (alignment) step.alignment = alignment;
      if (refinement) step.epochs = refinement.epochs;
      return step;
    },
  };
}

/** Spectral positions scaled to ≈ FA2's working radius, plus a little seeded jitter. */
function coldStart(
  graph: SparseGraph,
  settings: typeof DEFAULTS & LayoutSequenceOptions,
  random: Random,
): Float32Array {
  const { n } = graph;
  const spectral =
    n > 2 ? spectralLayout(graph, { ...settings.spectral, dimensions: 2, random }).positions : null;
  const init = new Float32Array(2 * n);
  if (spectral) init.set(spectral);
  const target = settings.initialRadius * Math.sqrt(n);
  const radius = rmsRadius(init, n);
  const scale = radius > 0 ? target / radius : 0;
  const noise = target * (radius > 0 ? settings.jitter : 1); // no spectral shape: a random start
  for (let e = 0; e < 2 * n; e++) init[e] = init[e] * scale + noise * gaussian(random);
  return init;
}

/** The refinement stage: cold, rescaled to a small start and embedded long; warm, embedded briefly where the graph changed. */
function refined(
  graph: SparseGraph,
  start: Float32Array,
  previousGraph: SparseGraph | null,
  options: LayoutRefineOptions,
  step: LayoutStepOptions,
): { positions: Float32Array; epochs: number } {
  const o = { ...REFINE_DEFAULTS, ...options };
  const cold = previousGraph === null;
  // Cold: from ForceAtlas2's scale to a small start; warm: the previous run's own scale.
  const radius = rmsRadius(start, graph.n);
  let initial = cold ? scaled(start, radius > 0 ? o.radius / radius : 1) : start;
  const rates = previousGraph
    ? o.changeRates
      ? changeRates(previousGraph, graph, o.changeGain)
      : new Float32Array(graph.n).fill(1)
    : undefined;
  let epochs = o.coldEpochs;
  let early = o.earlyEpochs;
  let floor = 0;
  if (rates) {
    const mean = rates.reduce((sum, r) => sum + r, 0) / Math.max(rates.length, 1);
    floor = Math.min(1, o.minRate * mean);
    epochs = o.warmEpochs + Math.round((o.reexpandEpochs - o.warmEpochs) * mean ** o.reexpandPower);
    early = Math.round(o.reexpandEarly * mean ** o.reexpandPower);
    // A nearly new graph: restart small from the previous arrangement, as the cold run does.
    if (mean ** o.reexpandPower >= o.reexpandShrink && radius > 0)
      initial = scaled(start, o.radius / radius);
  }
  const density =
    o.density > 0 && step.radii ? { weight: o.density, graph, radii: step.radii } : undefined;
  const positions = neighborEmbedding(step.affinities ?? normalised(graph), initial, {
    iterations: epochs,
    exaggeration: o.exaggeration,
    theta: o.theta,
    ...(early > 0
      ? { early: { iterations: Math.min(early, Math.floor(epochs / 2)), exaggeration: 12 } }
      : {}),
    ...(rates ? { rates: rates.map((r) => Math.max(floor, r)) } : {}),
    ...(density ? { density } : {}),
  });
  return { positions, epochs };
}

/** The graph with its weights scaled to sum to 1 (affinities when no P is given). */
function normalised(graph: SparseGraph): SparseGraph {
  const total = graph.weights.reduce((sum, w) => sum + w, 0);
  return { ...graph, weights: graph.weights.map((w) => w / (total || 1)) };
}

/** Per-node step multipliers of a warm run: min(1, gain · max(own change, neighbours' mean change)). */
function changeRates(before: SparseGraph, after: SparseGraph, gain: number): Float32Array {
  const change = neighbourhoodChange(before, after);
  const { n, rowPtr, colIdx } = after;
  const rates = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) mean += change[colIdx[p]];
    const degree = rowPtr[i + 1] - rowPtr[i];
    const c = Math.max(change[i], degree > 0 ? mean / degree : 0);
    rates[i] = Math.min(1, gain * c);
  }
  return rates;
}

/**
 * How much each node's weighted neighbourhood changed between two graphs on the same nodes:
 * 1 − Σ_j min(w_ij, w'_ij) / Σ_j max(w_ij, w'_ij) (weighted Jaccard distance of its rows),
 * 0 for an identical row, 1 for disjoint ones.
 */
export function neighbourhoodChange(before: SparseGraph, after: SparseGraph): Float64Array {
  const { n } = after;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let p = before.rowPtr[i];
    let q = after.rowPtr[i];
    const pEnd = before.rowPtr[i + 1];
    const qEnd = after.rowPtr[i + 1];
    let low = 0;
    let high = 0;
    while (p < pEnd || q < qEnd) {
      const a = p < pEnd ? before.colIdx[p] : n;
      const b = q < qEnd ? after.colIdx[q] : n;
      const wa = a <= b ? before.weights[p++] : 0;
      const wb = b <= a ? after.weights[q++] : 0;
      low += Math.min(wa, wb);
      high += Math.max(wa, wb);
    }
    out[i] = high > 0 ? 1 - low / high : 0;
  }
  return out;
}

function scaled(positions: Float32Array, factor: number): Float32Array {
  return Float32Array.from(positions, (v) => v * factor);
}

/** Root-mean-square distance from the centroid. */
function rmsRadius(positions: Float32Array, n: number): number {
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += positions[2 * i] / n;
    cy += positions[2 * i + 1] / n;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += (positions[2 * i] - cx) ** 2 + (positions[2 * i + 1] - cy) ** 2;
  return Math.sqrt(s / Math.max(n, 1));
}

/** RMS and maximum per-node distance between two layouts. */
function moved(a: Float32Array, b: Float32Array, n: number): [number, number] {
  let s = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]);
    s += d * d;
    max = Math.max(max, d);
  }
  return [Math.sqrt(s / n), max];
}
