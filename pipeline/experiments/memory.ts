/** The memory estimate of the kinds that train on a registry dataset and trace a sample set. */
import { datasetNamed } from '../data/registry.ts';
import type { MlpBipartiteConfig } from './mlp-bipartite/config.ts';
import type { MlpClassesConfig } from './mlp-classes/config.ts';
import type { MlpScrambledConfig } from './mlp-scrambled/config.ts';
import type { VaeBetaConfig } from './vae-beta/config.ts';

type TracedConfig = MlpClassesConfig | MlpScrambledConfig | MlpBipartiteConfig | VaeBetaConfig;

/**
 * Bytes an experiment needs at least, from its sizes alone: the loaded dataset, the weights
 * with Adam's two moments and gradients (16 bytes per parameter), a batch's activations, the
 * trace set's recorded activations over every snapshot, and one dense float32 matrix over the
 * trace set (kNN distances). An under-estimate by design: it refuses what cannot fit, early.
 */
export function traceMemory(config: TracedConfig): number {
  const set = datasetNamed(config.dataset);
  if (!set) return 0;
  const classes = set.classes.length;
  const samples = config.kind === 'vae-beta' ? undefined : config.samples;
  const loaded = set
    .classSizes(samples === undefined ? {} : { n: samples })
    .reduce((a, b) => a + b, 0);
  const widths =
    config.kind === 'vae-beta'
      ? [set.dim, config.hidden, 2 * config.latent, config.hidden, set.dim]
      : [set.dim, ...config.hidden, classes];
  const params = widths.slice(1).reduce((sum, w, i) => sum + w * (widths[i] ?? 0), 0);
  const hidden = widths.slice(1, -1).reduce((a, b) => a + b, 0);
  const traced =
    (Math.min(config.tracePerClass, config.testPerClass) +
      (config.kind === 'mlp-scrambled'
        ? config.traceScrambledPerClass + config.traceCleanPerClass
        : 0)) *
    classes;
  const snapshots = config.epochs + config.snapshotsInFirstEpoch + 1;
  const runs = config.kind === 'vae-beta' ? config.betas.length : 1;
  return (
    4 * loaded * set.dim +
    16 * params * runs +
    4 * Math.min(config.batchSize, loaded) * widths.reduce((a, b) => a + b, 0) * 4 +
    4 * traced * hidden * snapshots * runs +
    4 * traced * traced
  );
}
