/**
 * Gram-matrix distances on the wasm backend against the exact-difference reference, and the
 * refined kNN from them against the exact kNN: random data, near-duplicates that defeat the
 * Gram form, dead and duplicated rows, and real MNIST activations of a seeded MLP.
 */
import { tf } from '../train/tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { FLOAT32_EPSILON, gramDistances, pairwiseDistances } from './distances.ts';
import { knn, type KnnResult } from './knn.ts';
import { mnistActivations } from './test-activations.ts';

/** ReLU-like rows with a shared positive mean, dead (all-zero) rows and exact duplicates. */
function awkwardData(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const data = Float32Array.from({ length: n * dim }, () => Math.max(0, 1 + gaussian(random)));
  for (let i = 0; i < n; i += 7) data.fill(0, i * dim, (i + 1) * dim);
  for (let i = 3; i < n; i += 11) data.copyWithin(i * dim, (i - 1) * dim, i * dim);
  return data;
}

/** Clusters of near-duplicates far from the origin: ‖x‖ ≈ 1000, neighbours 1e-3 apart. */
function nearDuplicates(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const centres = Float32Array.from({ length: 8 * dim }, () => 1000 + 100 * gaussian(random));
  return Float32Array.from(
    { length: n * dim },
    (_, e) => centres[(Math.floor(e / dim) % 8) * dim + (e % dim)] + 1e-3 * gaussian(random),
  );
}

/** Share of neighbour slots (index at rank r of row i) equal to the reference's. */
function slotAgreement(result: KnnResult, reference: KnnResult): number {
  let same = 0;
  for (let s = 0; s < reference.indices.length; s++)
    if (result.indices[s] === reference.indices[s]) same++;
  return same / reference.indices.length;
}

function expectIdentical(result: KnnResult, reference: KnnResult): void {
  expect(result.k).toBe(reference.k);
  expect(result.indices).toEqual(reference.indices);
  expect(result.distances).toEqual(reference.distances);
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('gramDistances', () => {
  it.each([64, 256])('is within the float32 error bound of the exact distances (dim %i)', (dim) => {
    const n = 400;
    const data = awkwardData(n, dim, dim);
    const before = tf.memory().numTensors;
    const gram = gramDistances(data, n, dim);
    expect(tf.memory().numTensors).toBe(before);
    const exact = pairwiseDistances(data, n, dim);
    // ‖cᵢ‖ of the centred rows, for the bound dim·u·(‖cᵢ‖+‖cⱼ‖)²/D (or √ of the numerator).
    const mean = new Float64Array(dim);
    for (let e = 0; e < n * dim; e++) mean[e % dim] += data[e] / n;
    const norms = Array.from({ length: n }, (_, i) =>
      Math.hypot(...Array.from({ length: dim }, (_, d) => data[i * dim + d] - mean[d])),
    );
    let worst = 0; // largest error / bound
    let maxError = 0;
    for (let i = 0; i < n; i++) {
      expect(gram[i * n + i]).toBe(0);
      for (let j = 0; j < n; j++) {
        expect(gram[i * n + j]).toBe(gram[j * n + i]);
        const error = Math.abs(gram[i * n + j] - exact[i * n + j]);
        const numerator = 2 * dim * FLOAT32_EPSILON * (norms[i] + norms[j]) ** 2;
        const d = exact[i * n + j];
        const bound = Math.min(Math.sqrt(numerator), numerator / Math.max(d, 1e-30)) + 1e-6 * d;
        worst = Math.max(worst, error / bound);
        maxError = Math.max(maxError, error);
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    // In practice far inside it: distances here are ≈ √dim, errors ≈ 1e-5 at most.
    expect(maxError).toBeLessThan(2e-5);
    expect(gram.every((v) => v >= 0)).toBe(true);
  });

  it.each([
    [400, 1],
    [600, 2],
    [800, 3],
    [1003, 4],
  ])('n = %i, %i row block(s): the bits of the full X·Xᵀ product', (n, _blocks) => {
    const dim = 48;
    const data = awkwardData(n, dim, n);
    const mean = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += data[i * dim + d];
    const centred = Float32Array.from(data, (v, e) => v - mean[e % dim] / n);
    const x = tf.tensor2d(centred, [n, dim]);
    const product = tf.matMul(x, tf.transpose(x));
    const full = product.dataSync() as Float32Array;
    tf.dispose([x, product]);
    const reference = new Float32Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const squared = full[i * n + i] + full[j * n + j] - 2 * full[i * n + j];
        reference[i * n + j] = i === j || !(squared > 0) ? 0 : Math.sqrt(squared);
      }
    const gram = gramDistances(data, n, dim);
    let differing = 0;
    for (let e = 0; e < n * n; e++) if (!Object.is(gram[e], reference[e])) differing++;
    expect(differing).toBe(0);
  });

  it('gives exactly 0 for duplicated and dead rows, and handles tiny inputs', () => {
    const n = 60;
    const data = awkwardData(n, 16, 1);
    const gram = gramDistances(data, n, 16);
    expect(gram[0 * n + 7]).toBe(0); // two dead rows
    expect(gram[2 * n + 3]).toBe(0); // row 3 copies row 2
    expect(gramDistances(new Float32Array(0), 0, 4)).toEqual(new Float32Array(0));
    expect(gramDistances(Float32Array.from([1, 2]), 1, 2)).toEqual(new Float32Array(1));
    expect(gramDistances(Float32Array.from([0, 3, 4, 0]), 2, 2)).toEqual(
      Float32Array.from([0, 5, 5, 0]),
    );
    expect(() => gramDistances(new Float32Array(5), 2, 2)).toThrow(
      'gramDistances: data length (5) must equal n*dim (2*2)',
    );
  });
});

describe('knn refined from Gram distances', () => {
  it.each([
    [1, 0],
    [5, 3],
    [15, 5],
    [15, 40],
  ])(
    'equals the exact kNN on random data with dead and duplicated rows (k %i, extra %i)',
    (k, extra) => {
      const n = 300;
      const dim = 32;
      const data = awkwardData(n, dim, 5);
      const reference = knn(pairwiseDistances(data, n, dim), n, { k });
      const refined = knn(gramDistances(data, n, dim), n, { k, refine: { data, dim, extra } });
      expectIdentical(refined, reference);
      // 43 dead rows: a dead row has 42 others at distance 0; with k + extra ≤ 42 of them as
      // candidates nothing separates the last candidate from the rest, so it is rescanned.
      expect(refined.rescanned! > 0).toBe(k + extra <= 42);
    },
  );

  it('repairs near-duplicates where the Gram form alone gets most neighbours wrong', () => {
    const n = 240;
    const dim = 64;
    const data = nearDuplicates(n, dim, 3);
    const gram = gramDistances(data, n, dim);
    const reference = knn(pairwiseDistances(data, n, dim), n, { k: 10 });
    expect(slotAgreement(knn(gram, n, { k: 10 }), reference)).toBeLessThan(0.5);
    const refined = knn(gram, n, { k: 10, refine: { data, dim } });
    expectIdentical(refined, reference);
    expect(refined.rescanned).toBeGreaterThan(0);
  });

  describe('on real activations (MNIST through a seeded 784-256-128-64-10 MLP)', () => {
    let run: Awaited<ReturnType<typeof mnistActivations>>;
    beforeAll(async () => {
      // 2,000 trace digits, snapshots at initialisation, mid-epoch 1 and after it.
      run = await mnistActivations({ snapshotsInFirstEpoch: 1, seed: 1 });
    });

    it('matches the exact kNN in every slot, every snapshot and layer (k = 15)', () => {
      const { n, snapshots } = run;
      expect(n).toBe(2000);
      expect(snapshots.length).toBe(3);
      let slots = 0;
      let unrefinedSame = 0;
      let refinedSame = 0;
      for (const snapshot of snapshots) {
        snapshot.widths.forEach((dim, l) => {
          const data = snapshot.activations[l];
          const gram = gramDistances(data, n, dim);
          const reference = knn(pairwiseDistances(data, n, dim), n, { k: 15 });
          const refined = knn(gram, n, { k: 15, refine: { data, dim } });
          slots += reference.indices.length;
          unrefinedSame +=
            slotAgreement(knn(gram, n, { k: 15 }), reference) * reference.indices.length;
          refinedSame += slotAgreement(refined, reference) * reference.indices.length;
          expect(refined.distances).toEqual(reference.distances);
        });
      }
      // Measured: refined 1 (270,000 of 270,000 slots); unrefined 269,998 (two swapped near-ties).
      expect(refinedSame / slots).toBe(1);
      expect(unrefinedSame / slots).toBeGreaterThan(0.999);
    });

    it('matches the exact kNN with dead (all-zero) and duplicated activation rows', () => {
      const { n, snapshots } = run;
      const last = snapshots[snapshots.length - 1];
      const dim = last.widths[0];
      const data = last.activations[0].slice();
      data.fill(0, 0, 60 * dim); // 60 dead rows
      for (let i = 100; i < 140; i++) data.copyWithin(i * dim, 500 * dim, 501 * dim); // 41 copies
      const reference = knn(pairwiseDistances(data, n, dim), n, { k: 15 });
      const refined = knn(gramDistances(data, n, dim), n, { k: 15, refine: { data, dim } });
      expectIdentical(refined, reference);
      // Dead rows' neighbours are the 15 lowest-index other dead rows, all at distance 0.
      expect(Array.from(refined.indices.subarray(0, 15))).toEqual(
        Array.from({ length: 15 }, (_, r) => r + 1),
      );
      expect(refined.rescanned).toBeGreaterThanOrEqual(101);
    });
  });
});
