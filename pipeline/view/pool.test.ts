import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ARGS } from '../../test/helpers/cli.ts';
import { selectBackend } from '../train/backend.ts';
import { createRandom, gaussian } from '../util/random.ts';
import type { ViewChainOptions } from './chain.ts';
import { compareLayouts } from './fidelity-comparison.ts';
import { createBalance, createViewPool } from './pool.ts';

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

  it('runs a chain’s comparison as a job of its own, with the bytes of an inline one', async () => {
    const compared: ViewChainOptions = {
      ...options,
      layout: { ...options.layout, refine: { coldEpochs: 40, warmEpochs: 10, reexpandEpochs: 20 } },
      compareAt: [2],
      compareSteps: { umap: 30, tsne: 45 },
    };
    const inline = createViewPool({ workers: 0 });
    const run = async (p: typeof pool) => {
      const chain = p.chain(compared, { snapshots: 3 });
      const outs = await Promise.all(
        snapshots().map((points, snapshot) => chain.next({ snapshot, points, dim: 4 })),
      );
      // Only the compareAt snapshot hands out its comparison's inputs.
      expect(outs.map((o) => o.compare !== undefined)).toEqual([false, false, true]);
      const view = outs[2]?.compare;
      if (!view) throw new Error('no comparison');
      // The reference, computed here before the pool takes the view's buffers.
      const reference = compareLayouts({ ...view, published: view.published.slice() }, compared);
      return { reference, layouts: await p.compare(view, compared) };
    };
    const [a, b] = await Promise.all([run(pool), run(inline)]);
    const plain = (layouts: typeof a.layouts) =>
      layouts.map((l) => ({
        positions: Array.from(l.positions),
        fidelity: { ...l.fidelity, preserved: Array.from(l.fidelity.preserved) },
      }));
    expect(a.layouts).toHaveLength(5);
    expect(plain(a.layouts)).toEqual(plain(a.reference));
    expect(plain(a.layouts)).toEqual(plain(b.layouts));
  });

  it('answers a comparison before the views of chains without one that were posted earlier', async () => {
    const one = createViewPool({ workers: 1, backend: 'wasm' });
    try {
      const compared: ViewChainOptions = {
        ...options,
        layout: {
          ...options.layout,
          refine: { coldEpochs: 20, warmEpochs: 5, reexpandEpochs: 10 },
        },
        compareAt: [0],
        compareSteps: { umap: 20, tsne: 30 },
      };
      const source = one.chain(compared, { snapshots: 1 });
      const view = (
        await source.next({ snapshot: 0, points: snapshots()[0] ?? new Float32Array(0), dim: 4 })
      ).compare;
      if (!view) throw new Error('no comparison');
      const order: string[] = [];
      const plain = one.chain(options, { snapshots: 6 });
      const points = [...snapshots(), ...snapshots()];
      const views = points.map((p, snapshot) =>
        plain.next({ snapshot, points: p, dim: 4 }).then(() => order.push(`view ${snapshot}`)),
      );
      const comparison = one.compare(view, compared).then(() => order.push('compare'));
      await Promise.all([...views, comparison]);
      // Served in arrival order it would come last; it waits for at most the view in hand.
      expect(order.indexOf('compare')).toBeLessThan(2);
    } finally {
      await one.close();
    }
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

  it('closes after a failed call with calls still pending, so the process lives to report it', () => {
    // In a process of its own: before the fix, closing unref'd the busy workers and the
    // process exited with code 0 before the failure reached anyone.
    const script = `
      const { createViewPool } = await import(${JSON.stringify(new URL('./pool.ts', import.meta.url).href)});
      const pool = createViewPool({ workers: 1, backend: 'wasm' });
      const chain = pool.chain(${JSON.stringify(options)});
      const calls = [0, 1, 2, 3].map((snapshot) =>
        chain.next({ snapshot, points: new Float32Array(snapshot === 0 ? 7 : ${n * 4}), dim: 4 }));
      calls.forEach((c) => c.catch(() => undefined));
      try { await calls[0]; } catch (error) {
        await pool.close();
        console.log('closed after: ' + error.message);
        process.exitCode = 3;
      }`;
    // A file, not --eval: the workers inherit the process's flags.
    const dir = mkdtempSync(join(tmpdir(), 'sv-pool-'));
    const file = join(dir, 'close.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, [CLI_ARGS[0] ?? '', CLI_ARGS[1] ?? '', file], {
      encoding: 'utf8',
    });
    rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('closed after: view: snapshot 0 has 7 values');
    expect(r.status).toBe(3);
  });
});

describe('view pool balance', () => {
  it('pins each chain to the worker with the least work ahead, counting the views it will get', () => {
    const balance = createBalance(2);
    // A long chain of 2,000 nodes on worker 0; the next chains go to worker 1 until it has as much.
    balance.pin(0, balance.lightest(), 2000, 34);
    const second = balance.lightest();
    balance.pin(1, second, 500, 66);
    const third = balance.lightest();
    expect([second, third]).toEqual([1, 1]);
    balance.pin(2, third, 2000, 34);
    // Now worker 1 has more ahead (34 large + 66 small views against 34 large).
    expect(balance.lightest()).toBe(0);
  });

  it('sends a comparison where the least is waiting and forgets it once answered', () => {
    const balance = createBalance(2);
    balance.pin(0, 0, 1000, 1);
    balance.pin(1, 1, 1000, 1);
    const estimate = balance.view(0); // worker 0: one view posted, none expected
    expect(balance.lightest()).toBe(0); // equal: the first
    const compare = balance.compare(0, 2000);
    expect(compare).toBeGreaterThan(estimate);
    expect(balance.lightest()).toBe(1);
    balance.answered(0, compare);
    balance.answered(0, estimate);
    // Worker 1 still expects its chain's one view; worker 0 has nothing ahead.
    expect(balance.lightest()).toBe(0);
  });

  it('expects views without the refinement (ForceAtlas2 only) to cost about half', () => {
    const balance = createBalance(2);
    balance.pin(0, 0, 1000, 10, true);
    balance.pin(1, 1, 1000, 10, false);
    expect(balance.lightest()).toBe(1);
    // A second plain chain of 13 views puts worker 1 ahead (23 plain views > 10 refined ones).
    balance.pin(2, 1, 1000, 13, false);
    expect(balance.lightest()).toBe(0);
  });

  it('learns a chain’s view time from the measurements', () => {
    const balance = createBalance(2);
    balance.pin(0, 0, 500, 10);
    balance.pin(1, 1, 500, 10);
    expect(balance.lightest()).toBe(0);
    // Chain 0's views turn out 10× slower than the prior: worker 1 has less ahead.
    for (let i = 0; i < 10; i++) balance.learnView(0, 2.5);
    expect(balance.lightest()).toBe(1);
  });
});
