/**
 * Trains a VAE (or its autoencoder baseline) with Adam on minibatches in a seeded order,
 * calling `onSnapshot` at the planned snapshots (train/schedule.ts: initialisation, inside
 * epoch 1, after every epoch). The sampler's ε comes from its own seeded stream.
 */
import { tf } from '../train/tfjs.ts';
import type { SnapshotInfo } from '../contract.ts';
import { snapshotSchedule, stepsPerEpoch } from '../train/schedule.ts';
import { permutation, type Random } from '../util/random.ts';
import { standardNormal } from './gaussian.ts';
import { vaeLoss, vaeVariables, type Vae } from './model.ts';

/** Options of {@link trainVae}. */
export interface TrainVaeOptions {
  /** Weight of the KL term; 0 with `autoencoder`. */
  beta: number;
  /** Decode μ itself, no sampling and no KL: the plain-autoencoder baseline. @default false */
  autoencoder?: boolean;
  epochs: number;
  batchSize: number;
  learningRate: number;
  snapshotsInFirstEpoch: number;
  /** Whole epochs after which snapshots are taken (train/schedule.ts). @default every epoch */
  snapshotEpochs?: readonly number[];
  /** Shuffling order. */
  random: Random;
  /** The sampler's noise. */
  noise: Random;
  /** Called at every planned snapshot, with the model as trained so far. */
  onSnapshot?: (snapshot: SnapshotInfo) => void;
}

/** Trains in place; returns the snapshots taken. */
export function trainVae(vae: Vae, x: Float32Array, options: TrainVaeOptions): SnapshotInfo[] {
  const { inputDim, latent } = vae.shape;
  const n = x.length / inputDim;
  const { batchSize, beta } = options;
  const perEpoch = stepsPerEpoch(n, batchSize);
  const plan = snapshotSchedule(perEpoch, options);
  const optimizer = tf.train.adam(options.learningRate);
  const variables = vaeVariables(vae);
  const taken: SnapshotInfo[] = [];
  let next = 0;
  const snapshotAt = (step: number): void => {
    while (next < plan.length && plan[next].step === step) {
      taken.push(plan[next]);
      options.onSnapshot?.(plan[next]);
      next++;
    }
  };
  try {
    snapshotAt(0);
    let step = 0;
    const batch = new Float32Array(batchSize * inputDim);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = permutation(n, options.random);
      for (let start = 0; start < n; start += batchSize) {
        const m = Math.min(batchSize, n - start);
        for (let r = 0; r < m; r++)
          batch.set(
            x.subarray(order[start + r] * inputDim, (order[start + r] + 1) * inputDim),
            r * inputDim,
          );
        const xb = tf.tensor2d(batch.subarray(0, m * inputDim), [m, inputDim]);
        const eps = options.autoencoder
          ? undefined
          : tf.tensor2d(standardNormal(options.noise, m, latent), [m, latent]);
        optimizer.minimize(
          () => vaeLoss(vae, xb, options.autoencoder ? 0 : beta, eps).loss,
          false,
          variables,
        );
        tf.dispose([xb, ...(eps ? [eps] : [])]);
        snapshotAt(++step);
      }
    }
  } finally {
    optimizer.dispose();
  }
  return taken;
}
