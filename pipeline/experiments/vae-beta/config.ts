/** Config schema of the vae-beta kind (a β sweep of VAEs on an image set, plus the linear-VAE theory check). */
import { z } from 'zod';
import { datasetNamed } from '../../data/registry.ts';
import { KNN_VIEW_FIELDS, REFINE_EPOCHS } from '../knn-view.ts';
import { mlpClassesProblems } from '../mlp-classes/config.ts';
import type { ConfigProblem } from '../types.ts';

const positiveInt = z.number().int().positive();

export const VAE_BETA_CONFIG = z
  .object({
    kind: z.literal('vae-beta'),
    /** Dataset registry name (an image set). */
    dataset: z.string().min(1),
    trainPerClass: positiveInt.optional(),
    testPerClass: positiveInt,
    tracePerClass: positiveInt,
    /** Width of the encoder's and the decoder's hidden layer. */
    hidden: positiveInt.max(4096),
    /** Latent dimensions. */
    latent: z.number().int().min(2).max(64),
    /** The β sweep, strictly ascending; one independent run per value. */
    betas: z.array(z.number().positive().max(1e4)).min(1).max(16),
    epochs: positiveInt.max(500),
    batchSize: positiveInt.max(65_536),
    learningRate: z.number().positive().max(1),
    snapshotsInFirstEpoch: z.number().int().min(0).max(20),
    /**
     * Whole epochs after which snapshots are taken, strictly ascending, ending at `epochs` (a long
     * run thinned in its later epochs, so the views per β do not multiply); every epoch if absent.
     */
    snapshotEpochs: z.array(z.number().int().min(1).max(500)).min(1).max(64).optional(),
    /** Trace samples at which the decoder Jacobian's columns are compared (last snapshot). */
    jacobianSamples: positiveInt.max(2000),
    /** Prior samples per β decoded by the final model and classified (the class spread). */
    spreadSamples: positiveInt.max(10000),
    /** The digit classifier of the class spread: an MLP trained on the training split. */
    classifier: z
      .object({
        hidden: z.array(positiveInt.max(4096)).min(1).max(4),
        epochs: positiveInt.max(100),
      })
      .strict(),
    ...KNN_VIEW_FIELDS,
    /** Steps of the latent layouts' refinement (cold, warm, re-expanding); @default 500, 50, 500 */
    refineEpochs: REFINE_EPOCHS,
    /** The linear-VAE theory check, at every β of the sweep. */
    linear: z
      .object({
        /** Covariance eigenvalues, strictly descending, each 10⁻⁶ … 10⁶ (KL_i ≈ ½·ln(λ_i / βσ²) stays finite). */
        eigenvalues: z.array(z.number().min(1e-6).max(1e6)).min(2).max(64),
        /** Fixed observation noise σ², 10⁻⁶ … 10⁶. */
        noise: z.number().min(1e-6).max(1e6),
        /** Synthetic samples, at most 100,000. */
        samples: positiveInt.max(100_000),
        /** Full-batch Adam steps per β, at most 100,000. */
        steps: positiveInt.max(100_000),
        learningRate: z.number().positive().max(1),
      })
      .strict(),
  })
  .strict();

export type VaeBetaConfig = z.infer<typeof VAE_BETA_CONFIG>;

/** Cross-field checks: the dataset is an image set that fits the split, βs ascend, eigenvalues descend. */
export function vaeBetaProblems(config: VaeBetaConfig): ConfigProblem[] {
  const problems = mlpClassesProblems({ ...config, kind: 'mlp-classes', hidden: [config.hidden] });
  const definition = datasetNamed(config.dataset);
  if (definition && !definition.image)
    problems.push({
      key: 'dataset',
      message: `${config.dataset} is not an image set; vae-beta decodes images (use mnist or fashion-mnist)`,
    });
  const unsorted = config.betas.findIndex((b, i) => i > 0 && !(b > config.betas[i - 1]));
  if (unsorted > 0)
    problems.push({
      key: 'betas',
      message: `betas[${unsorted}] (${config.betas[unsorted]}) is not larger than the β before it; list the sweep in ascending order`,
    });
  const after = config.snapshotEpochs;
  if (after) {
    const bad = after.findIndex((e, i) => i > 0 && !(e > after[i - 1]));
    if (bad > 0)
      problems.push({
        key: 'snapshotEpochs',
        message: `snapshotEpochs[${bad}] (${after[bad]}) is not larger than the epoch before it; list them in ascending order`,
      });
    if (after[after.length - 1] !== config.epochs)
      problems.push({
        key: 'snapshotEpochs',
        message: `the last snapshot epoch (${after[after.length - 1]}) must be the last epoch (epochs = ${config.epochs})`,
      });
  }
  const eigen = config.linear.eigenvalues;
  const bad = eigen.findIndex((v, i) => i > 0 && !(v < eigen[i - 1]));
  if (bad > 0)
    problems.push({
      key: 'linear',
      message: `eigenvalues[${bad}] (${eigen[bad]}) is not smaller than the eigenvalue before it; list them in descending order`,
    });
  const traced =
    Math.min(config.tracePerClass, config.testPerClass) * (definition?.classes.length ?? 1);
  if (config.jacobianSamples > traced)
    problems.push({
      key: 'jacobianSamples',
      message: `${config.jacobianSamples} is more than the traced samples (${traced})`,
    });
  return problems;
}
