import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom, gaussian, permutation } from '../util/random.ts';
import { linearProbeAccuracy, probeSplit } from './linear-probe.ts';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** Two Gaussian classes in `dim` dimensions whose means differ by `gap` along the first axis. */
function blobs(
  n: number,
  dim: number,
  gap: number,
  seed: number,
): { data: Float32Array; labels: Int8Array } {
  const random = createRandom(seed);
  const labels = Int8Array.from({ length: n }, (_, i) => i % 2);
  const data = Float32Array.from(
    { length: n * dim },
    (_, e) => gaussian(random) + (e % dim === 0 ? labels[Math.floor(e / dim)] * gap : 0),
  );
  return { data, labels };
}

describe('linearProbeAccuracy', () => {
  it('is 1 on linearly separable classes', () => {
    const { data, labels } = blobs(400, 16, 12, 1);
    expect(linearProbeAccuracy(data, 400, 16, labels, { random: createRandom(2) })).toBe(1);
  });

  it('is near chance when the labels are shuffled', () => {
    const { data, labels } = blobs(400, 16, 12, 1);
    const order = permutation(400, createRandom(3));
    const shuffled = Int8Array.from(order, (i) => labels[i]);
    const accuracy = linearProbeAccuracy(data, 400, 16, shuffled, { random: createRandom(2) });
    // 200 held-out samples: chance is 0.5 with a standard deviation of about 0.035.
    expect(Math.abs(accuracy - 0.5)).toBeLessThan(0.12);
  });

  it('reads a partly linear structure: ten classes, one informative axis each', () => {
    const random = createRandom(4);
    const n = 1000;
    const dim = 20;
    const labels = Int8Array.from({ length: n }, (_, i) => i % 10);
    const data = Float32Array.from(
      { length: n * dim },
      (_, e) => gaussian(random) + (e % dim === labels[Math.floor(e / dim)] ? 4 : 0),
    );
    const accuracy = linearProbeAccuracy(data, n, dim, labels, { random: createRandom(5) });
    expect(accuracy).toBeGreaterThan(0.85);
    expect(accuracy).toBeLessThan(1);
  });

  it('is deterministic for a seed', () => {
    const { data, labels } = blobs(200, 8, 1, 6);
    const a = linearProbeAccuracy(data, 200, 8, labels, { random: createRandom(7) });
    expect(linearProbeAccuracy(data, 200, 8, labels, { random: createRandom(7) })).toBe(a);
  });

  it('splits each class in halves, fit and held out disjoint', () => {
    const labels = [0, 0, 0, 1, 1, 2];
    const { fit, held } = probeSplit(labels, createRandom(1));
    expect(fit.length + held.length).toBe(6);
    expect(new Set([...fit, ...held]).size).toBe(6);
    expect([...fit].map((r) => labels[r]).sort()).toEqual([0, 0, 1, 2]);
  });
});
