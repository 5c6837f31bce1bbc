/**
 * Test-only: real hidden activations of MNIST digits through a small seeded MLP, recorded at
 * each snapshot of a short training run. The caller selects the tfjs backend first.
 */
import { loadMnist, MNIST_DIM } from '../data/mnist.ts';
import { balancedSubset, stratifiedSplit } from '../data/split.ts';
import { buildMlp } from '../train/mlp.ts';
import { trainMlp, type Snapshot } from '../train/train-mlp.ts';
import { createRandom, deriveSeed } from '../util/random.ts';

/** Options of `mnistActivations`. */
export interface MnistActivationsOptions {
  /** Hidden layer widths. @default [256, 128, 64] */
  hidden?: number[];
  /** Trace digits per class (n = 10 × this). @default 200 */
  tracePerClass?: number;
  /** Training digits per class. @default 300 */
  trainPerClass?: number;
  /** @default 1 */
  epochs?: number;
  /** @default 0 */
  snapshotsInFirstEpoch?: number;
  /** @default 1 */
  seed?: number;
}

/** Trace labels and every snapshot (activations per hidden layer, n × width). */
export async function mnistActivations(
  options: MnistActivationsOptions = {},
): Promise<{ n: number; labels: Uint8Array; snapshots: Snapshot[] }> {
  const { hidden = [256, 128, 64], tracePerClass = 200, trainPerClass = 300 } = options;
  const { epochs = 1, snapshotsInFirstEpoch = 0, seed = 1 } = options;
  const mnist = loadMnist();
  const { train, test } = stratifiedSplit(mnist.labels, {
    testPerClass: tracePerClass,
    trainPerClass,
    random: createRandom(deriveSeed(seed, 'split')),
  });
  const trace = balancedSubset(test, mnist.labels, {
    perClass: tracePerClass,
    random: createRandom(deriveSeed(seed, 'trace')),
  });
  const rows = (indices: Int32Array) => {
    const x = new Float32Array(indices.length * MNIST_DIM);
    const y = new Uint8Array(indices.length);
    indices.forEach((r, i) => {
      x.set(mnist.images.subarray(r * MNIST_DIM, (r + 1) * MNIST_DIM), i * MNIST_DIM);
      y[i] = mnist.labels[r];
    });
    return { x, y };
  };
  const [tr, tc] = [rows(train), rows(trace)];
  const model = buildMlp({
    inputDim: MNIST_DIM,
    classes: 10,
    hidden,
    seed: deriveSeed(seed, 'init'),
  });
  const snapshots: Snapshot[] = [];
  try {
    await trainMlp(
      model,
      { xTrain: tr.x, yTrain: tr.y, xTest: tc.x, yTest: tc.y, xTrace: tc.x },
      {
        epochs,
        batchSize: 64,
        snapshotsInFirstEpoch,
        random: createRandom(deriveSeed(seed, 'shuffle')),
        onSnapshot: (s) => void snapshots.push(s),
      },
    );
  } finally {
    model.dispose();
  }
  return { n: trace.length, labels: tc.y, snapshots };
}
