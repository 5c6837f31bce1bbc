/**
 * How many kinds of digit a generative model draws: prior samples classified by a small
 * digit classifier, and the spread of the predicted classes (distinct classes, and the
 * entropy of their histogram divided by ln(classes): 0 = one class, 1 = all equally often).
 */
import { tf } from '../train/tfjs.ts';
import type { TrainData } from '../train/train-mlp.ts';
import { record } from '../train/evaluate.ts';
import { buildMlp } from '../train/mlp.ts';
import { trainMlp } from '../train/train-mlp.ts';
import { createRandom } from '../util/random.ts';

/** Spread of a set of predicted classes. */
export interface ClassSpread {
  /** Classes predicted at least once. */
  readonly distinct: number;
  /** Entropy of the predicted-class histogram over ln(classes), in [0, 1]. */
  readonly entropy: number;
}

/** The spread of `predicted` (each in 0 … classes-1). */
export function classSpread(predicted: ArrayLike<number>, classes: number): ClassSpread {
  if (!(classes >= 2)) throw new Error(`class spread: classes (${classes}) must be ≥ 2`);
  const counts = new Float64Array(classes);
  for (let i = 0; i < predicted.length; i++) {
    const c = predicted[i];
    if (!(c >= 0 && c < classes))
      throw new Error(`class spread: predicted[${i}] (${c}) is not a class below ${classes}`);
    counts[c]++;
  }
  let entropy = 0;
  for (const count of counts)
    if (count > 0) entropy -= (count / predicted.length) * Math.log(count / predicted.length);
  return { distinct: counts.filter((c) => c > 0).length, entropy: entropy / Math.log(classes) };
}

/** Options of {@link trainDigitClassifier}. */
export interface DigitClassifierOptions {
  /** Hidden layer widths. @default [128] */
  hidden?: readonly number[];
  /** Passes over the training rows. @default 3 */
  epochs?: number;
  /** Seed of the initial weights and the shuffling order. @default 0 */
  seed?: number;
}

const DEFAULTS = { hidden: [128], epochs: 3, seed: 0 } as const;

/** A trained classifier: its test accuracy and a function from rows of images to classes. */
export interface DigitClassifier {
  readonly testAccuracy: number;
  classify(x: Float32Array): Int8Array;
  dispose(): void;
}

/** Trains a small MLP on `data` (trainMlp, no snapshots inside epoch 1). */
export async function trainDigitClassifier(
  data: Pick<TrainData, 'xTrain' | 'yTrain' | 'xTest' | 'yTest'>,
  inputDim: number,
  classes: number,
  options: DigitClassifierOptions = {},
): Promise<DigitClassifier> {
  const o = { ...DEFAULTS, ...options };
  const model = buildMlp({ inputDim, classes, hidden: o.hidden, seed: o.seed });
  const history = await trainMlp(
    model,
    { ...data, xTrace: data.xTest.subarray(0, inputDim) },
    { epochs: o.epochs, snapshotsInFirstEpoch: 0, random: createRandom(o.seed) },
  );
  return {
    testAccuracy: history[history.length - 1]?.testAccuracy ?? NaN,
    classify(x) {
      const input = tf.tensor2d(x, [x.length / inputDim, inputDim]);
      try {
        return record(model, input).predicted;
      } finally {
        input.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}
