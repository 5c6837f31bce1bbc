/**
 * The bench's layout-fidelity table: the default preset's mlp-classes training, every hidden
 * layer's view chain run inline, and at the first snapshot after initialisation (¼ epoch) and
 * the last: our published (warm) layout, our layout run cold, t-SNE, umap-js (seeded) and PCA on the
 * same activations, with T@k, continuity@k, kNN preservation@k, NH@k and time, in one run.
 */
import { LAYOUT_METHODS } from '../pipeline/contract.ts';
import type { MlpClassesConfig } from '../pipeline/experiments/mlp-classes/config.ts';
import { layerViewOptions } from '../pipeline/experiments/knn-view.ts';
import { gather, prepareTraceData } from '../pipeline/experiments/trace-data.ts';
import { buildMlp } from '../pipeline/train/mlp.ts';
import { snapshotSchedule, stepsPerEpoch } from '../pipeline/train/schedule.ts';
import { trainMlp } from '../pipeline/train/train-mlp.ts';
import { UMAP } from 'umap-js';
import { layoutFidelity, type LayoutFidelity } from '../pipeline/metrics/fidelity.ts';
import { createRandom, deriveSeed } from '../pipeline/util/random.ts';
import { createViewChain } from '../pipeline/view/chain.ts';
import { compareLayouts, type ComparedView } from '../pipeline/view/fidelity-comparison.ts';
import type { ViewChainOptions } from '../pipeline/view/options.ts';

/** One row of the table. */
export interface FidelityRow {
  layer: number;
  epoch: number;
  method: string;
  trustworthiness: number;
  continuity: number;
  knnPreservation: number;
  neighborhoodHit: number;
  localRadiusR: number;
  visibleShare: number;
  seconds: number;
}

/**
 * umap-js's own `fit` on a compared view, as the comparison seeds it, timed: the reference for
 * issue 18's "warm step ≤ ⅓ of umap-js's time" (the comparison runs umap-js's optimisation
 * through layout/umap-sgd.ts, the same bits in about half the time). Throws if its fidelity
 * differs from the comparison's umap row, which would mean the bits differ.
 */
function umapJsFit(
  view: ComparedView,
  options: ViewChainOptions,
  compared: LayoutFidelity,
): { fidelity: LayoutFidelity; seconds: number } {
  const { points, dim, distances, neighbors } = view;
  const n = options.labels.length;
  const started = performance.now();
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from(points.subarray(i * dim, (i + 1) * dim)),
  );
  const random = createRandom(deriveSeed(options.layout.seed, 'umap'));
  const steps = options.compareSteps ?? { umap: 500 };
  const fitted = Float32Array.from(
    new UMAP({ nNeighbors: options.graph.k, nEpochs: steps.umap, random }).fit(rows).flat(),
  );
  const seconds = (performance.now() - started) / 1000;
  const fidelity = layoutFidelity(points, dim, fitted, options.labels, options.metricsK, {
    distances,
    neighbors,
  });
  for (const name of ['trustworthiness', 'continuity', 'knn_preservation'] as const)
    if (!Object.is(fidelity[name], compared[name]))
      throw new Error(
        `bench: umap-js fit's ${name} (${fidelity[name]}) differs from the comparison's (${compared[name]})`,
      );
  return { fidelity, seconds };
}

/** Trains as the pipeline does and compares the layouts; also every warm layout step's seconds per layer. */
export async function fidelityBench(
  config: MlpClassesConfig,
  seed: number,
): Promise<{ rows: FidelityRow[]; warmSeconds: number[][] }> {
  const { train, trace, dataset, split } = prepareTraceData(config, seed);
  const snapshots = snapshotSchedule(
    stepsPerEpoch(split.train.length, config.batchSize),
    config,
  ).length;
  const labels = gather(dataset.labels, trace);
  const chainOptions = config.hidden.map((_, l) => ({
    ...layerViewOptions(config, labels, seed, l),
    compareAt: [1, snapshots - 1],
  }));
  const chains = chainOptions.map((options) => createViewChain(options));
  const warm: number[][] = config.hidden.map(() => []);
  const rows: FidelityRow[] = [];
  const model = buildMlp({
    inputDim: dataset.dim,
    classes: 10,
    hidden: config.hidden,
    seed: deriveSeed(seed, 'init'),
  });
  try {
    await trainMlp(model, train, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      snapshotsInFirstEpoch: config.snapshotsInFirstEpoch,
      random: createRandom(deriveSeed(seed, 'shuffle')),
      onSnapshot: (s) => {
        chains.forEach((chain, l) => {
          const out = chain.next({ snapshot: s.index, points: s.activations[l], dim: s.widths[l] });
          if (s.index > 0) warm[l].push(out.layoutSeconds ?? 0);
          // The comparison takes the view's buffers; umap-js's own fit reads the same points after.
          const view = out.compare && { ...out.compare, points: out.compare.points.slice() };
          const compared = out.compare ? compareLayouts(out.compare, chainOptions[l]) : [];
          const row = (method: string, fidelity: LayoutFidelity, seconds: number): FidelityRow => ({
            layer: l + 1,
            epoch: s.epoch,
            method,
            trustworthiness: fidelity.trustworthiness,
            continuity: fidelity.continuity,
            knnPreservation: fidelity.knn_preservation,
            neighborhoodHit: fidelity.neighborhood_hit,
            localRadiusR: fidelity.local_radius_r,
            visibleShare: fidelity.visible_share,
            seconds,
          });
          compared.forEach((c, m) => {
            const method = LAYOUT_METHODS[m];
            rows.push(
              row(
                method === 'ours' ? 'ours (warm)' : method,
                c.fidelity,
                method === 'ours' ? (out.layoutSeconds ?? 0) : c.seconds,
              ),
            );
            if (method === 'umap' && view) {
              const own = umapJsFit(view, chainOptions[l], c.fidelity);
              rows.push(row('umap-js fit', own.fidelity, own.seconds));
            }
          });
        });
        process.stdout.write(`\rfidelity bench: epoch ${s.epoch.toFixed(2)}   `);
      },
    });
  } finally {
    model.dispose();
  }
  return { rows, warmSeconds: warm };
}
