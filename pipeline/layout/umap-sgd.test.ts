import { UMAP } from 'umap-js';
import { describe, expect, it } from 'vitest';
import { createRandom, gaussian, randomFromState, randomState } from '../util/random.ts';
import { optimizeUmapLayout } from './umap-sgd.ts';

/** Three Gaussian blobs in 8 dimensions, plus exact duplicates (distance 0 in the layout's samples). */
function blobs(n: number, seed: number): number[][] {
  const random = createRandom(seed);
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: 8 }, (_, d) => (d === i % 3 ? 4 : 0) + gaussian(random)),
  );
  for (let i = 0; i < 5; i++) rows[n - 1 - i] = [...rows[i]];
  return rows;
}

describe('optimizeUmapLayout', () => {
  it.each([
    [1, 300, 200],
    [2, 240, 500],
    [3, 180, 60],
  ])('gives umap-js fit’s bits (seed %i, n %i, %i epochs)', (seed, n, nEpochs) => {
    const rows = blobs(n, seed);
    const reference = new UMAP({ nNeighbors: 15, nEpochs, random: createRandom(seed) })
      .fit(rows)
      .flat();
    const state = randomState(seed);
    const umap = new UMAP({ nNeighbors: 15, nEpochs, random: randomFromState(state) });
    umap.initializeFit(rows);
    const ours = optimizeUmapLayout(umap, state);
    expect(ours.length).toBe(reference.length);
    const differing = reference.filter((v, i) => !Object.is(v, ours[i])).length;
    expect(differing).toBe(0);
    // The layout moved away from umap-js's uniform start in [-10, 10].
    expect(Math.max(...ours.map(Math.abs))).not.toBe(0);
  });

  it('refuses a umap-js that has not been initialised, naming it', () => {
    const umap = new UMAP({ nNeighbors: 15, random: createRandom(1) });
    expect(() => optimizeUmapLayout(umap, randomState(1))).toThrow(
      'umap-sgd: umap-js has no embedding yet (call initializeFit first)',
    );
  });

  it('refuses a 3-D embedding', () => {
    const state = randomState(4);
    const umap = new UMAP({
      nComponents: 3,
      nNeighbors: 15,
      nEpochs: 10,
      random: randomFromState(state),
    });
    umap.initializeFit(blobs(100, 4));
    expect(() => optimizeUmapLayout(umap, state)).toThrow('umap-sgd: nComponents (3) must be 2');
  });
});
