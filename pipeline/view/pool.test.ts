import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom, gaussian } from '../util/random.ts';
import type { ViewChainOptions } from './chain.ts';
import { createViewPool } from './pool.ts';

const n = 60;
const labels = Array.from({ length: n }, (_, i) => i % 3);
const options: ViewChainOptions = {
  graph: { builder: 'knn', k: 5 },
  metricsK: 5,
  metrics: ['silhouette_layout', 'trustworthiness', 'displacement'],
  labels,
  displayEdgesPerNode: 2,
  layout: { seed: 1, coldIterations: 30, warmIterations: 10 },
  stepsSeed: 2,
  metricsSeed: 3,
  projection: true,
};
/** Three snapshots of three drifting blobs, fresh arrays each call (the pool takes them). */
function snapshots(): Float32Array[] {
  const random = createRandom(4);
  return [0, 1, 2].map((s) =>
    Float32Array.from(
      { length: n * 4 },
      (_, e) => gaussian(random) + (labels[Math.floor(e / 4)] ?? 0) * (1 + s),
    ),
  );
}
const pool = createViewPool({ workers: 2, backend: 'wasm' });
// The inline chain computes its distances on this thread's backend: the workers' one.
beforeAll(async () => {
  await selectBackend('wasm');
});
afterAll(() => pool.close());

describe('view pool', () => {
  it('gives a worker chain the same bytes as an inline chain', async () => {
    const inline = createViewPool({ workers: 0 });
    const run = async (p: typeof pool) => {
      const chain = p.chain(options);
      const outs = await Promise.all(
        snapshots().map((points, snapshot) => chain.next({ snapshot, points, dim: 4 })),
      );
      return { outs, steps: await chain.steps() };
    };
    const [a, b] = await Promise.all([run(pool), run(inline)]);
    expect(a.outs.map((o) => Array.from(o.positions))).toEqual(
      b.outs.map((o) => Array.from(o.positions)),
    );
    expect(a.outs.map((o) => Array.from(o.projection ?? []))).toEqual(
      b.outs.map((o) => Array.from(o.projection ?? [])),
    );
    expect(a.outs.map((o) => o.metrics)).toEqual(b.outs.map((o) => o.metrics));
    expect(a.steps.map((s) => Array.from(s))).toEqual(b.steps.map((s) => Array.from(s)));
  });

  it('rejects the calls of a chain whose creation failed, with the reason', async () => {
    const chain = pool.chain({ ...options, metrics: ['no_such_metric'] });
    await expect(
      chain.next({ snapshot: 0, points: snapshots()[0] ?? new Float32Array(0), dim: 4 }),
    ).rejects.toThrow('metrics: no view metric is registered for column "no_such_metric"');
  });

  it('rejects a snapshot out of order, naming both', async () => {
    const chain = pool.chain(options);
    const [first, , third] = snapshots();
    await chain.next({ snapshot: 0, points: first ?? new Float32Array(0), dim: 4 });
    await expect(
      chain.next({ snapshot: 2, points: third ?? new Float32Array(0), dim: 4 }),
    ).rejects.toThrow('view: snapshot 2 came after 0; a chain takes snapshots in order');
  });
});
