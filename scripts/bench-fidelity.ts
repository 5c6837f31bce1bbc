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
import { createRandom, deriveSeed } from '../pipeline/util/random.ts';
import { createViewChain } from '../pipeline/view/chain.ts';
import { compareLayouts } from '../pipeline/view/fidelity-comparison.ts';

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
          const compared = out.compare ? compareLayouts(out.compare, chainOptions[l]) : [];
          compared.forEach((c, m) =>
            rows.push({
              layer: l + 1,
              epoch: s.epoch,
              method: LAYOUT_METHODS[m] === 'ours' ? 'ours (warm)' : LAYOUT_METHODS[m],
              trustworthiness: c.fidelity.trustworthiness,
              continuity: c.fidelity.continuity,
              knnPreservation: c.fidelity.knn_preservation,
              neighborhoodHit: c.fidelity.neighborhood_hit,
              localRadiusR: c.fidelity.local_radius_r,
              visibleShare: c.fidelity.visible_share,
              seconds: LAYOUT_METHODS[m] === 'ours' ? (out.layoutSeconds ?? 0) : c.seconds,
            }),
          );
        });
        process.stdout.write(`\rfidelity bench: epoch ${s.epoch.toFixed(2)}   `);
      },
    });
  } finally {
    model.dispose();
  }
  return { rows, warmSeconds: warm };
}
