/**
 * One independent run of the β sweep (or the autoencoder baseline) as a pure function of
 * plain data: a fresh VAE from the shared seeds, trained with `trainVae`, probed at every
 * snapshot, and at the end the Jacobian-column orthogonality. The same code runs inline or
 * in a training worker (beta-pool.ts), so the results are the same bytes either way.
 */
import { tf } from '../train/tfjs.ts';
import type { SnapshotInfo } from '../contract.ts';
import { readTidy } from '../util/read-tensor.ts';
import { createRandom } from '../util/random.ts';
import { createVae, decodeLogits, disposeVae, type Vae, type VaeShape } from './model.ts';
import { pcaAlignment, type PcaAlignment } from './pca-alignment.ts';
import {
  ACTIVE_VARIANCE,
  decoderJacobianColumns,
  jacobianOrthogonality,
  probeVae,
  type ProbeInputs,
  type SnapshotProbe,
  type VaeProbe,
} from './probe.ts';
import { trainVae } from './train-vae.ts';

/** Everything one run needs; structured-cloneable. */
export interface BetaTask {
  readonly shape: VaeShape;
  readonly xTrain: Float32Array;
  readonly inputs: ProbeInputs;
  /** Seeds of the initial weights, the shuffling order and the sampler's noise (shared by every run). */
  readonly seeds: { readonly init: number; readonly shuffle: number; readonly noise: number };
  readonly beta: number;
  /** The plain-autoencoder baseline: decodes μ, no KL, probed with ε = 0. */
  readonly autoencoder: boolean;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly snapshotsInFirstEpoch: number;
  /** Whole epochs after which snapshots are taken (train/schedule.ts). @default every epoch */
  readonly snapshotEpochs?: readonly number[];
  /** Trace samples at which the decoder Jacobian's columns are compared. */
  readonly jacobianSamples: number;
  /** The training images' top principal directions (global PCA), latent×inputDim, unit rows. */
  readonly pcaDirections: Float32Array;
  /** ε of the prior samples decoded at the end for the class spread, samples×latent. */
  readonly spreadPrior: Float32Array;
}

/** A run's results (plain data). */
export interface BetaRunResult {
  readonly snapshots: SnapshotInfo[];
  /** One probe per snapshot (the autoencoder: only the final one, orthogonality over all its latents). */
  readonly probes: SnapshotProbe[];
  /** Mean |cosine| between the active decoder-Jacobian columns at the end (−1: fewer than 2 active). */
  readonly orthogonality: number;
  /**
   * The same at every snapshot (the last equals `orthogonality`); the autoencoder's over all its
   * latents, as at the end.
   */
  readonly orthogonalityOverTraining: number[];
  /** The autoencoder's reconstruction loss at every snapshot (empty for a VAE: its probes hold it). */
  readonly reconOverTraining: number[];
  /** The same active columns against the principal directions (−1: no active column). */
  readonly pca: PcaAlignment;
  /** The final decoder's images (0 … 1) of `spreadPrior`, row-major (empty for the autoencoder). */
  readonly spreadSamples: Float32Array;
}

/** Latent dimensions active in a probe (Var_x μ_j > ACTIVE_VARIANCE). */
export function activeDims(probe: VaeProbe): number[] {
  return Array.from(probe.muVariance.keys()).filter((j) => probe.muVariance[j] > ACTIVE_VARIANCE);
}

function alignment(task: BetaTask, vae: Vae, mu: Float32Array, dims: number[]): PcaAlignment {
  const columns = decoderJacobianColumns(vae, mu, task.jacobianSamples, dims);
  return pcaAlignment(columns, task.pcaDirections, task.shape.inputDim);
}

/** Trains and measures one run; `onSnapshot` sees each probe as it is taken. */
export function runBeta(
  task: BetaTask,
  onSnapshot?: (snapshot: SnapshotInfo, probe: SnapshotProbe) => void,
): BetaRunResult {
  const vae = createVae(task.shape, createRandom(task.seeds.init));
  try {
    const common = {
      epochs: task.epochs,
      batchSize: task.batchSize,
      learningRate: task.learningRate,
      snapshotsInFirstEpoch: task.snapshotsInFirstEpoch,
      ...(task.snapshotEpochs ? { snapshotEpochs: task.snapshotEpochs } : {}),
      random: createRandom(task.seeds.shuffle),
      noise: createRandom(task.seeds.noise),
    };
    const orthogonalityOverTraining: number[] = [];
    if (task.autoencoder) {
      const n = task.inputs.x.length / task.shape.inputDim;
      const inputs = { ...task.inputs, eps: new Float32Array(n * task.shape.latent) };
      const all = Array.from({ length: task.shape.latent }, (_, j) => j);
      const reconOverTraining: number[] = [];
      let probe: VaeProbe | undefined;
      const snapshots = trainVae(vae, task.xTrain, {
        ...common,
        beta: 0,
        autoencoder: true,
        onSnapshot: () => {
          probe = probeVae(vae, inputs);
          reconOverTraining.push(probe.recon);
          orthogonalityOverTraining.push(
            jacobianOrthogonality(vae, probe.mu, task.jacobianSamples, all),
          );
        },
      });
      if (!probe) throw new Error('vae: the autoencoder took no snapshot');
      const orthogonality = orthogonalityOverTraining[orthogonalityOverTraining.length - 1] ?? -1;
      const pca = alignment(task, vae, probe.mu, all);
      return {
        snapshots,
        probes: [{ ...probe, orthogonality }],
        orthogonality,
        orthogonalityOverTraining,
        reconOverTraining,
        pca,
        spreadSamples: new Float32Array(0),
      };
    }
    const probes: SnapshotProbe[] = [];
    const snapshots = trainVae(vae, task.xTrain, {
      ...common,
      beta: task.beta,
      onSnapshot: (s) => {
        const measured = probeVae(vae, task.inputs);
        const orthogonality = jacobianOrthogonality(
          vae,
          measured.mu,
          task.jacobianSamples,
          activeDims(measured),
        );
        const probe = { ...measured, orthogonality };
        probes.push(probe);
        orthogonalityOverTraining.push(orthogonality);
        onSnapshot?.(s, probe);
      },
    });
    const last = probes[probes.length - 1];
    const dims = activeDims(last);
    const orthogonality = orthogonalityOverTraining[orthogonalityOverTraining.length - 1] ?? -1;
    const pca = alignment(task, vae, last.mu, dims);
    const codes = task.spreadPrior;
    const spreadSamples = readTidy(() =>
      tf.sigmoid(
        decodeLogits(
          vae,
          tf.tensor2d(codes, [codes.length / task.shape.latent, task.shape.latent]),
        ),
      ),
    );
    return {
      snapshots,
      probes,
      orthogonality,
      orthogonalityOverTraining,
      reconOverTraining: [],
      pca,
      spreadSamples,
    };
  } finally {
    disposeVae(vae);
  }
}
