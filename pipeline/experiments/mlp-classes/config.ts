/** Config schema of the mlp-classes kind (MNIST or a 2-D toy set); `pipeline/config.ts` combines the kinds. */
import { z } from 'zod';

const positiveInt = z.number().int().positive();

export const MLP_CLASSES_CONFIG = z
  .object({
    kind: z.literal('mlp-classes'),
    /** Dataset registry name. */
    dataset: z.string().min(1),
    /** Synthetic sets only: how many points to generate. */
    samples: positiveInt.optional(),
    /** Synthetic sets only: noise level of the generator. */
    noise: z.number().min(0).max(1).optional(),
    /** Training samples per class (from those not in test); omit to train on all the rest. */
    trainPerClass: positiveInt.optional(),
    testPerClass: positiveInt,
    tracePerClass: positiveInt,
    hidden: z.array(positiveInt).min(1).max(6),
    epochs: positiveInt.max(500),
    batchSize: positiveInt,
    learningRate: z.number().positive().max(1),
    snapshotsInFirstEpoch: z.number().int().min(0).max(20),
    knnK: z.number().int().min(2).max(100),
    metricsK: z.number().int().min(2).max(100),
    displayEdgesPerNode: z.number().int().min(0).max(15),
    coldIterations: positiveInt.max(5000),
    /** ForceAtlas2 iterations of later snapshots, at most: a warm run stops earlier once it converges (layout/sequence.ts). */
    warmIterations: positiveInt.max(5000),
  })
  .strict();

export type MlpClassesConfig = z.infer<typeof MLP_CLASSES_CONFIG>;
