/**
 * One snapshot of one view laid out four ways — our published (warm-started) layout, our
 * layout method run cold on this graph alone, UMAP (umap-js, seeded) and PCA — each scored
 * against activation space (metrics/fidelity.ts), for fidelity.arrow and comparison.arrow.
 * Fidelity is measured on each method's own coordinates; the positions returned for display
 * are Procrustes-aligned onto ours and fitted into the box.
 */
import { UMAP } from 'umap-js';
import { COMPARISON, FIDELITY, LAYOUT_METHODS, quantiseCoordinate } from '../contract.ts';
import { encodeTable } from '../io/arrow.ts';
import type { SparseGraph } from '../graph/sparse.ts';
import { applyTransform, fitToBox, procrustes } from '../layout/align.ts';
import { pcaProjection } from '../layout/pca.ts';
import { neighborEmbedding } from '../layout/neighbor-embedding.ts';
import { createLayoutSequence } from '../layout/sequence.ts';
import { optimizeUmapLayout } from '../layout/umap-sgd.ts';
import { FIDELITY_METRICS, layoutFidelity, type LayoutFidelity } from '../metrics/fidelity.ts';
import { createRandom, deriveSeed, randomFromState, randomState } from '../util/random.ts';
import type { ViewChainOptions } from './options.ts';

/** One method's layout (n×2, in the box, aligned onto ours) and its fidelity. */
export interface ComparedLayout {
  readonly positions: Float32Array;
  readonly fidelity: LayoutFidelity;
  /** Wall-clock seconds of this layout (0 for ours: laid out before); for reporting only, never written into artifacts. */
  readonly seconds: number;
}

/** One view as the chain has it: its points, their distances, its graph and published layout. */
export interface ComparedView {
  readonly points: Float32Array;
  readonly dim: number;
  readonly distances: Float32Array;
  /** Each point's metricsK nearest neighbours in activation space (the view's own kNN). */
  readonly neighbors: Int32Array;
  readonly graph: SparseGraph;
  /** The refinement's affinities and density targets, as the published layout had them. */
  readonly affinities?: SparseGraph;
  readonly radii?: Float64Array;
  /** Row-major n×2, in the box. */
  readonly published: Float32Array;
}

/** The comparison of one (layer, snapshot). */
export interface LayerComparison {
  readonly layer: number;
  readonly snapshot: number;
  readonly layouts: readonly ComparedLayout[];
}

/** fidelity.arrow (every comparison) and comparison.arrow (the last snapshot's layouts) of a run. */
export function encodeComparisons(
  comparisons: readonly LayerComparison[],
  n: number,
): {
  fidelity: { bytes: Uint8Array; rows: number };
  comparison: { bytes: Uint8Array; rows: number };
} {
  const sorted = [...comparisons].sort((a, b) => a.layer - b.layer || a.snapshot - b.snapshot);
  const m = LAYOUT_METHODS.length;
  const rows = sorted.length * m;
  const f = {
    layer: new Int8Array(rows),
    snapshot: new Int16Array(rows),
    method: new Int8Array(rows),
    ...Object.fromEntries(FIDELITY_METRICS.map((name) => [name, new Float32Array(rows)])),
  } as Record<string, Int8Array | Int16Array | Float32Array>;
  sorted.forEach((c, r) =>
    c.layouts.forEach((layout, method) => {
      const row = r * m + method;
      f.layer[row] = c.layer;
      f.snapshot[row] = c.snapshot;
      f.method[row] = method;
      for (const name of FIDELITY_METRICS) f[name][row] = layout.fidelity[name];
    }),
  );
  const lastSnapshot = Math.max(...sorted.map((c) => c.snapshot));
  const last = sorted.filter((c) => c.snapshot === lastSnapshot);
  const pRows = last.length * m * n;
  const p = {
    layer: new Int8Array(pRows),
    method: new Int8Array(pRows),
    node: new Int32Array(pRows),
    x: new Int16Array(pRows),
    y: new Int16Array(pRows),
    preserved: new Uint8Array(pRows),
  };
  let row = 0;
  for (const c of last)
    c.layouts.forEach((layout, method) => {
      for (let i = 0; i < n; i++, row++) {
        p.layer[row] = c.layer;
        p.method[row] = method;
        p.node[row] = i;
        p.x[row] = quantiseCoordinate(layout.positions[2 * i]);
        p.y[row] = quantiseCoordinate(layout.positions[2 * i + 1]);
        p.preserved[row] = layout.fidelity.preserved[i];
      }
    });
  return {
    fidelity: { bytes: encodeTable(FIDELITY, f), rows },
    comparison: { bytes: encodeTable(COMPARISON, p), rows: pRows },
  };
}

/**
 * Plain t-SNE (perplexity 30 affinities, exaggeration 1, Barnes-Hut θ = 0.5, no density term):
 * from the PCA row's layout scaled to standard deviation 10⁻⁴, early exaggeration 12 for 250 of 750 steps,
 * step size n / 12 (Kobak & Linderman 2021; Belkina et al. 2019); the first third of the
 * steps early (250 of the published 750). Deterministic.
 */
function tsneLayout(
  pca: Float32Array,
  affinities: SparseGraph | undefined,
  iterations: number,
): Float32Array {
  if (!affinities) throw new Error('comparison: the t-SNE row needs the view’s affinities');
  let s = 0;
  for (const v of pca) s += v * v;
  const sd = Math.sqrt(s / Math.max(pca.length, 1)) || 1;
  const initial = Float32Array.from(pca, (v) => (v / sd) * 1e-4);
  return neighborEmbedding(affinities, initial, {
    iterations,
    theta: 0.5,
    early: { iterations: Math.round(iterations / 3), exaggeration: 12 },
  });
}

/** Lays out one view by every method of LAYOUT_METHODS, in that order. */
export function compareLayouts(view: ComparedView, options: ViewChainOptions): ComparedLayout[] {
  const { points, dim, distances, neighbors, graph, published } = view;
  const n = options.labels.length;
  const k = options.metricsK;
  const seed = options.layout.seed;
  const steps = options.compareSteps ?? { umap: 500, tsne: 750 };
  const timed = <T>(fn: () => T): [T, number] => {
    const started = performance.now();
    return [fn(), (performance.now() - started) / 1000];
  };
  const [cold, coldSeconds] = timed(
    () =>
      createLayoutSequence({
        random: createRandom(deriveSeed(seed, 'cold')),
        coldIterations: options.layout.coldIterations,
        ...(options.layout.refine
          ? { refine: options.layout.refine === true ? {} : options.layout.refine }
          : {}),
      }).next(graph, {
        ...(view.affinities ? { affinities: view.affinities } : {}),
        ...(view.radii ? { radii: view.radii } : {}),
      }).positions,
  );

  const [umap, umapSeconds] = timed(() => {
    const rows = Array.from({ length: n }, (_, i) =>
      Array.from(points.subarray(i * dim, (i + 1) * dim)),
    );
    // umap-js's fit: its neighbours, graph and start, then its optimisation run by umap-sgd.ts
    // (the same bits, half the time) on the same random stream.
    const state = randomState(deriveSeed(seed, 'umap'));
    const umap = new UMAP({
      nNeighbors: options.graph.k,
      nEpochs: steps.umap,
      random: randomFromState(state),
    });
    umap.initializeFit(rows);
    return Float32Array.from(optimizeUmapLayout(umap, state));
  });
  const [pca, pcaSeconds] = timed(() => pcaProjection(points, n, dim));
  // t-SNE starts from the PCA layout (computed once for both rows); its time includes that PCA.
  const [tsne, tsneOwnSeconds] = timed(() => tsneLayout(pca, view.affinities, steps.tsne));
  const tsneSeconds = tsneOwnSeconds + pcaSeconds;
  const seconds = {
    ours: 0,
    'ours-cold': coldSeconds,
    umap: umapSeconds,
    tsne: tsneSeconds,
    pca: pcaSeconds,
  };
  const layouts: Record<(typeof LAYOUT_METHODS)[number], Float32Array> = {
    ours: published,
    'ours-cold': cold,
    umap,
    tsne,
    pca,
  };
  return LAYOUT_METHODS.map((method) => {
    const raw = layouts[method];
    // One activation-space kNN for the four layouts: the view's own.
    const fidelity = layoutFidelity(points, dim, raw, options.labels, k, { distances, neighbors });
    const positions =
      method === 'ours'
        ? published
        : fitToBox(applyTransform(raw, n, procrustes(raw, published, n)), n);
    return { positions, fidelity, seconds: seconds[method] };
  });
}
