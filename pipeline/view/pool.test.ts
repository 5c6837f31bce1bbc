import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TSX_IMPORT } from '../../test/helpers/cli.ts';
import { selectBackend } from '../train/backend.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { createViewChain, type ViewChainOptions } from './chain.ts';
import { compareLayouts } from './fidelity-comparison.ts';
import { createViewPool, WINDOW } from './pool.ts';

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
      const chain = p.chain(compared);
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
      const source = one.chain(compared);
      const view = (
        await source.next({ snapshot: 0, points: snapshots()[0] ?? new Float32Array(0), dim: 4 })
      ).compare;
      if (!view) throw new Error('no comparison');
      const order: string[] = [];
      const plain = one.chain(options);
      const points = [...snapshots(), ...snapshots(), ...snapshots(), ...snapshots()];
      const views = points.map((p, snapshot) =>
        plain.next({ snapshot, points: p, dim: 4 }).then(() => order.push(`view ${snapshot}`)),
      );
      const comparison = one.compare(view, compared).then(() => order.push('compare'));
      await Promise.all([...views, comparison]);
      // Served in arrival order it would come last (13th); it waits only for the views the
      // worker already holds (its window).
      expect(order.indexOf('compare')).toBeLessThanOrEqual(WINDOW);
      expect(order).toHaveLength(13);
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
    const r = spawnSync(process.execPath, [...TSX_IMPORT, file], {
      encoding: 'utf8',
    });
    rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('closed after: view: snapshot 0 has 7 values');
    expect(r.status).toBe(3);
  });
});

describe('view pool scheduling', () => {
  it('moves a chain with no call in flight to a free worker, with the bytes of an inline chain', async () => {
    const two = createViewPool({ workers: 2, backend: 'wasm' });
    try {
      const inline = createViewChain(options);
      const expected = snapshots().map((points, snapshot) =>
        inline.next({ snapshot, points, dim: 4 }),
      );
      const moving = two.chain(options);
      const [first, second, third] = snapshots();
      const out0 = await moving.next({ snapshot: 0, points: first ?? new Float32Array(0), dim: 4 });
      // Fill worker 0 (where the chain ran) with another chain's calls: two of them, its window.
      const busy = two.chain(options);
      const busyCalls = snapshots()
        .slice(0, WINDOW)
        .map((points, snapshot) => busy.next({ snapshot, points, dim: 4 }));
      const rest = [
        moving.next({ snapshot: 1, points: second ?? new Float32Array(0), dim: 4 }),
        moving.next({ snapshot: 2, points: third ?? new Float32Array(0), dim: 4 }),
      ];
      const outs = [out0, ...(await Promise.all(rest))];
      await Promise.all(busyCalls);
      expect(two.moves).toBe(1);
      expect(outs.map((o) => Array.from(o.positions))).toEqual(
        expected.map((o) => Array.from(o.positions)),
      );
      expect(outs.map((o) => Array.from(o.projection ?? []))).toEqual(
        expected.map((o) => Array.from(o.projection ?? [])),
      );
      expect(outs.map((o) => o.metrics)).toEqual(expected.map((o) => o.metrics));
      expect((await moving.steps()).map((s) => Array.from(s))).toEqual(
        inline.steps().map((s) => Array.from(s)),
      );
    } finally {
      await two.close();
    }
  });

  it('keeps a chain’s calls on its worker while one is in flight, and answers them in order', async () => {
    const two = createViewPool({ workers: 2, backend: 'wasm' });
    try {
      const chain = two.chain(options);
      const order: number[] = [];
      await Promise.all(
        [...snapshots(), ...snapshots()].map(async (points, snapshot) => {
          await chain.next({ snapshot, points, dim: 4 });
          order.push(snapshot);
        }),
      );
      expect(order).toEqual([0, 1, 2, 3, 4, 5]);
      // Each call was posted while the one before was in flight: none moved.
      expect(two.moves).toBe(0);
    } finally {
      await two.close();
    }
  });

  it('refuses points an earlier call already moved, and goes on with the chain’s next', async () => {
    const chain = pool.chain(options);
    const [first = new Float32Array(0), second = new Float32Array(0)] = snapshots();
    await chain.next({ snapshot: 0, points: first, dim: 4 });
    // Its buffer moved with the first call (Node would drop a message that transfers it again).
    await expect(chain.next({ snapshot: 1, points: first, dim: 4 })).rejects.toThrow(
      'view pool: snapshot 1 has no points (moved to a worker by an earlier call? the pool takes them)',
    );
    const out = await chain.next({ snapshot: 1, points: second, dim: 4 });
    expect(out.positions).toHaveLength(2 * n);
  });

  it('rejects the calls it still holds when the pool closes', async () => {
    const one = createViewPool({ workers: 1, backend: 'wasm' });
    const chain = one.chain(options);
    const calls = [...snapshots(), ...snapshots()].map((points, snapshot) =>
      chain.next({ snapshot, points, dim: 4 }),
    );
    for (const c of calls) void c.catch(() => undefined);
    await one.close();
    // Past the window, the calls never reached the worker: the pool rejects them itself.
    await expect(calls[WINDOW + 1]).rejects.toThrow('view pool: closed');
  });
});
