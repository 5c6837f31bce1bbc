import { tf } from './tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../data/mnist.ts';
import { balancedSubset, stratifiedSplit } from '../data/split.ts';
import { moons } from '../data/synthetic.ts';
import { createRandom, deriveSeed } from '../util/random.ts';
import { selectBackend } from './backend.ts';
import { buildMlp } from './mlp.ts';
import {
  modelWeights,
  replayTraining,
  trainMlp,
  type Snapshot,
  type SnapshotMetrics,
  type TrainData,
} from './train-mlp.ts';

/** Copies rows `indices` of (inputs, labels). */
function pick(inputs: Float32Array, labels: Uint8Array, dim: number, indices: Int32Array) {
  const x = new Float32Array(indices.length * dim);
  const y = new Uint8Array(indices.length);
  indices.forEach((row, i) => {
    x.set(inputs.subarray(row * dim, (row + 1) * dim), i * dim);
    y[i] = labels[row];
  });
  return { x, y };
}

function splitData(
  inputs: Float32Array,
  labels: Uint8Array,
  dim: number,
  testPerClass: number,
  trainPerClass: number | null,
  tracePerClass: number,
): TrainData {
  const { train, test } = stratifiedSplit(labels, {
    testPerClass,
    trainPerClass,
    random: createRandom(1),
  });
  const trace = balancedSubset(test, labels, { perClass: tracePerClass, random: createRandom(2) });
  const [tr, te, tc] = [train, test, trace].map((indices) => pick(inputs, labels, dim, indices));
  return { xTrain: tr.x, yTrain: tr.y, xTest: te.x, yTest: te.y, xTrace: tc.x };
}

const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('trainMlp', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('learns moons to > 90 % test accuracy in a few epochs', async () => {
    const set = moons({ n: 600, noise: 0.07, random: createRandom(3) });
    const data = splitData(set.inputs, set.labels, 2, 100, null, 50);
    const model = buildMlp({ inputDim: 2, classes: 2, hidden: [16, 16], seed: 1 });
    const history = await trainMlp(model, data, {
      epochs: 8,
      batchSize: 32,
      learningRate: 0.02,
      random: createRandom(4),
    });
    const last = history[history.length - 1];
    expect(history[0].testAccuracy).toBeLessThan(0.9);
    expect(last.testAccuracy).toBeGreaterThan(0.9);
    expect(last.trainLoss).toBeLessThan(history[0].trainLoss / 2);
    model.dispose();
  });

  it('shrinks kernels with decoupled weight decay', async () => {
    const set = moons({ n: 200, random: createRandom(3) });
    const data = splitData(set.inputs, set.labels, 2, 20, null, 10);
    const kernelNorm = async (weightDecay: number): Promise<number> => {
      const model = buildMlp({ inputDim: 2, classes: 2, hidden: [16], seed: 1 });
      await trainMlp(model, data, {
        epochs: 3,
        batchSize: 16,
        learningRate: 0.01,
        weightDecay,
        random: createRandom(4),
      });
      const norm = tf.tidy(() => tf.norm(model.getWeights()[0]).dataSync()[0]);
      model.dispose();
      return norm;
    };
    const [plain, decayed] = [await kernelNorm(0), await kernelNorm(5)];
    // 30 steps × factor (1 − 0.01·5) ≈ 0.21 on top of what Adam does.
    expect(decayed).toBeLessThan(0.6 * plain);
    await expect(kernelNorm(100)).rejects.toThrow(
      'train: weightDecay must be ≥ 0 and below 1 / learningRate, got 100',
    );
  });

  describe('on a small MNIST subset', () => {
    let data: TrainData;
    beforeAll(() => {
      const mnist = loadMnist();
      data = splitData(mnist.images, mnist.labels, 784, 20, 60, 10);
    });

    /** Trains a fresh model; every snapshot is copied, with the tensor count at that moment. */
    async function run(seed: number) {
      const model = buildMlp({
        inputDim: 784,
        classes: 10,
        hidden: [32, 16, 8],
        seed: deriveSeed(seed, 'init'),
      });
      const snapshots: (Snapshot & { tensors: number })[] = [];
      const before = tf.memory().numTensors;
      const history = await trainMlp(model, data, {
        epochs: 3,
        batchSize: 32,
        snapshotsInFirstEpoch: 3,
        random: createRandom(deriveSeed(seed, 'shuffle')),
        onSnapshot: async (snapshot) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          snapshots.push({ ...snapshot, tensors: tf.memory().numTensors });
        },
      });
      const after = tf.memory().numTensors;
      model.dispose();
      return { snapshots, history, before, after };
    }

    it('snapshots at initialisation, inside epoch 1 and after every epoch, with the trace set recorded', async () => {
      const { snapshots, history } = await run(1);
      // 600 rows / 32 = 19 steps per epoch.
      expect(snapshots.map((s) => s.step)).toEqual([0, 5, 10, 14, 19, 38, 57]);
      expect(snapshots.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(history.map((h) => h.epoch)).toEqual(snapshots.map((s) => s.epoch));
      for (const s of snapshots) {
        expect(s.widths).toEqual([32, 16, 8]);
        expect(s.activations.map((a) => a.length)).toEqual([100 * 32, 100 * 16, 100 * 8]);
        expect(s.predicted.length).toBe(100);
        expect(s.activations.every((a) => a.every((v) => Number.isFinite(v) && v >= 0))).toBe(true);
      }
      expect(snapshots[6].trainAccuracy).toBeGreaterThan(snapshots[0].trainAccuracy + 0.3);
    });

    it('gives bit-identical activations, predictions and losses for the same seed', async () => {
      const [a, b, c] = [await run(7), await run(7), await run(8)];
      expect(a.snapshots.length).toBe(b.snapshots.length);
      a.snapshots.forEach((sa, i) => {
        const sb = b.snapshots[i];
        sa.activations.forEach((layer, l) =>
          expect(bytes(layer).equals(bytes(sb.activations[l]))).toBe(true),
        );
        expect(bytes(sa.predicted).equals(bytes(sb.predicted))).toBe(true);
        expect([sa.trainLoss, sa.testLoss, sa.trainAccuracy, sa.testAccuracy]).toEqual([
          sb.trainLoss,
          sb.testLoss,
          sb.trainAccuracy,
          sb.testAccuracy,
        ]);
      });
      // A different seed really changes the run (so the comparison above can fail).
      expect(
        bytes(a.snapshots[6].activations[0]).equals(bytes(c.snapshots[6].activations[0])),
      ).toBe(false);
    });

    it('replays a recorded run into a fresh model: the same snapshots, bit for bit, and no tensors left', async () => {
      const trained = await run(7);
      // Record the weights as the pipeline's shared training does, in a second identical run.
      const model = buildMlp({
        inputDim: 784,
        classes: 10,
        hidden: [32, 16, 8],
        seed: deriveSeed(7, 'init'),
      });
      const recorded: { metrics: SnapshotMetrics; weights: Float32Array[] }[] = [];
      await trainMlp(model, data, {
        epochs: 3,
        batchSize: 32,
        snapshotsInFirstEpoch: 3,
        random: createRandom(deriveSeed(7, 'shuffle')),
        onSnapshot: (s) => {
          const { index, epoch, step, trainLoss, trainAccuracy, testLoss, testAccuracy } = s;
          const metrics = { index, epoch, step, trainLoss, trainAccuracy, testLoss, testAccuracy };
          recorded.push({ metrics, weights: modelWeights(s.model) });
        },
      });
      model.dispose();
      // A fresh model with other initial weights: only the replayed weights can make it match.
      const fresh = buildMlp({ inputDim: 784, classes: 10, hidden: [32, 16, 8], seed: 99 });
      const before = tf.memory().numTensors;
      const replayed: Snapshot[] = [];
      await replayTraining(fresh, recorded, data.xTrace, (s) => void replayed.push(s));
      expect(tf.memory().numTensors).toBe(before);
      expect(replayed.length).toBe(trained.snapshots.length);
      replayed.forEach((r, i) => {
        const t = trained.snapshots[i];
        expect([r.index, r.epoch, r.step, r.trainLoss, r.testAccuracy]).toEqual([
          t.index,
          t.epoch,
          t.step,
          t.trainLoss,
          t.testAccuracy,
        ]);
        r.activations.forEach((layer, l) =>
          expect(bytes(layer).equals(bytes(t.activations[l]))).toBe(true),
        );
        expect(bytes(r.predicted).equals(bytes(t.predicted))).toBe(true);
      });
      // Weights of another snapshot give other activations (so the comparison above can fail).
      const swapped = [recorded[6], recorded[0]];
      const wrong: Snapshot[] = [];
      await replayTraining(fresh, swapped, data.xTrace, (s) => void wrong.push(s));
      expect(
        bytes(wrong[0].activations[0]).equals(bytes(trained.snapshots[0].activations[0])),
      ).toBe(false);
      await expect(
        replayTraining(
          fresh,
          [{ ...recorded[0], weights: recorded[0].weights.slice(1) }],
          data.xTrace,
          () => {},
        ),
      ).rejects.toThrow(/7 weight arrays, the model 8/);
      fresh.dispose();
    });

    it('does not leak tensors across epochs or after training', async () => {
      const { snapshots, before, after } = await run(2);
      // Adam's moment variables exist from the first step on; after that the count is flat.
      const counts = snapshots.slice(1).map((s) => s.tensors);
      expect(new Set(counts).size).toBe(1);
      expect(after).toBe(before);
    });

    it('rejects inconsistent data by name, and leaks nothing when it does', async () => {
      const model = buildMlp({ inputDim: 784, classes: 10, hidden: [8] });
      const before = tf.memory().numTensors;
      await expect(trainMlp(model, { ...data, xTest: data.xTest.subarray(1) })).rejects.toThrow(
        'train: xTest has 156799 values, expected labels (200) × inputDim (784)',
      );
      const yTrain = data.yTrain.slice();
      yTrain[3] = 12;
      await expect(trainMlp(model, { ...data, yTrain })).rejects.toThrow(
        'train: yTrain[3] is 12, not below classes (10)',
      );
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  });
});
