/** The view-chain options of one β's latent layout, and the raw latent view. */
import { VAE_METRICS, metricColumns } from '../../contract.ts';
import { deriveSeed } from '../../util/random.ts';
import type { ViewChainOptions } from '../../view/options.ts';
import { layerViewOptions } from '../knn-view.ts';
import type { VaeBetaConfig } from './config.ts';

/**
 * Options of β position `b`'s chain: a hidden layer's (experiments/knn-view.ts), seeded from
 * the run's `seed` and `latent`, with the VAE's view metrics and no PCA view.
 */
export function latentViewOptions(
  config: Pick<
    VaeBetaConfig,
    | 'knnK'
    | 'metricsK'
    | 'displayEdgesPerNode'
    | 'coldIterations'
    | 'warmIterations'
    | 'refineEpochs'
  >,
  labels: ArrayLike<number>,
  seed: number,
  b: number,
): ViewChainOptions {
  return {
    ...layerViewOptions(config, labels, deriveSeed(seed, 'latent'), b),
    metrics: metricColumns(VAE_METRICS, 'view').map((c) => c.name),
    projection: false,
  };
}

/**
 * The raw latent view: every sample at (μ_a, μ_b) for the two dimensions of largest Var_x μ
 * (ties: the lower index), divided by the largest |μ| on them so it fits the box.
 */
export function latentAxes(
  mu: Float32Array,
  k: number,
  variance: ArrayLike<number>,
): { positions: Float32Array; dims: [number, number] } {
  const order = Array.from({ length: k }, (_, j) => j).sort(
    (a, b) => variance[b] - variance[a] || a - b,
  );
  const dims: [number, number] = [order[0], order[1]];
  const n = mu.length / k;
  let scale = 0;
  for (let i = 0; i < n; i++)
    for (const d of dims) scale = Math.max(scale, Math.abs(mu[i * k + d]));
  const positions = new Float32Array(2 * n);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < 2; a++) positions[2 * i + a] = scale > 0 ? mu[i * k + dims[a]] / scale : 0;
  return { positions, dims };
}
