import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom } from '../util/random.ts';
import { runBetaTasks, runTraining } from './beta-pool.ts';
import type { BetaTask } from './beta-run.ts';
import { standardNormal } from './gaussian.ts';
import { trainLinearVaeSweep } from './linear.ts';

const inputDim = 16;
const latent = 3;
const random = createRandom(5);
const x = Float32Array.from({ length: 48 * inputDim }, () => random());
const trace = x.slice(0, 12 * inputDim);
const base = {
  shape: { inputDim, hidden: 8, latent },
  xTrain: x,
  inputs: {
    x: trace,
    eps: standardNormal(createRandom(6), 12, latent),
    prior: standardNormal(createRandom(7), 4, latent),
    reconstructed: Int32Array.from([0, 1]),
    traversalOrigin: 0,
  },
  seeds: { init: 1, shuffle: 2, noise: 3 },
  epochs: 2,
  batchSize: 16,
  learningRate: 0.01,
  snapshotsInFirstEpoch: 1,
  jacobianSamples: 4,
  // Unit axes stand in for principal directions (any orthonormal rows do here).
  pcaDirections: Float32Array.from({ length: latent * inputDim }, (_, e) =>
    e % inputDim === Math.floor(e / inputDim) ? 1 : 0,
  ),
  spreadPrior: standardNormal(createRandom(8), 5, latent),
};
const tasks: BetaTask[] = [
  { ...base, beta: 0.5, autoencoder: false },
  { ...base, beta: 8, autoencoder: false },
  { ...base, beta: 0, autoencoder: true },
];

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('runBetaTasks', () => {
  it('gives the same results in worker threads as inline, in task order, whatever the worker count', async () => {
    const order: string[] = [];
    const inline = await runBetaTasks(tasks, {
      onSnapshot: (t, s) => order.push(`${t}:${s.index}`),
    });
    const two = await runBetaTasks(tasks, { workers: 2, backend: 'wasm' });
    const one = await runBetaTasks(tasks, { workers: 1, backend: 'wasm' });
    expect(order.slice(0, 2)).toEqual(['0:0', '0:1']);
    expect(inline[0]?.probes.length).toBe(inline[0]?.snapshots.length);
    expect(inline[2]?.probes.length).toBe(1);
    // The βs differ from each other, so a result put in the wrong slot would show.
    expect(inline[0]?.probes.at(-1)?.kl).not.toBe(inline[1]?.probes.at(-1)?.kl);
    expect(inline[2]?.pca.maxCosine).toBeGreaterThan(0);
    expect(inline[2]?.pca.maxCosine).toBeLessThanOrEqual(1);
    expect(two).toStrictEqual(inline);
    expect(one).toStrictEqual(inline);
  });

  it('runs the linear-VAE sweep in the same lanes: the same results as inline, the β runs unchanged', async () => {
    const linear = {
      betas: [0.5, 4],
      options: { eigenvalues: [8, 2, 0.5], samples: 256, steps: 200, seed: 9 },
    };
    const reference = trainLinearVaeSweep(linear.betas, linear.options);
    const done: string[] = [];
    const pooled = await runTraining(tasks.slice(0, 2), {
      workers: 2,
      backend: 'wasm',
      linear,
      onLinearDone: () => done.push('linear'),
      onDone: (t) => done.push(String(t)),
    });
    expect(pooled.linear).toStrictEqual(reference);
    expect(pooled.linear.map((r) => r.beta)).toEqual([0.5, 4]);
    expect(pooled.runs).toStrictEqual(await runBetaTasks(tasks.slice(0, 2)));
    expect(done.sort()).toEqual(['0', '1', 'linear']);
    const inline = await runTraining([], { linear });
    expect(inline).toStrictEqual({ runs: [], linear: reference });
  });

  it('rejects with the worker’s error', async () => {
    const bad = {
      ...base,
      batchSize: 16,
      xTrain: new Float32Array(5),
      beta: 1,
      autoencoder: false,
    };
    await expect(runBetaTasks([bad], { workers: 1, backend: 'wasm' })).rejects.toThrow();
  });
});
