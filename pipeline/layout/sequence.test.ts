import { describe, expect, it } from 'vitest';
import { knnFromData } from '../graph/knn.ts';
import { knnGraph } from '../graph/knn-graph.ts';
import type { SparseGraph } from '../graph/sparse.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { createLayoutSequence } from './sequence.ts';

/** Gaussian blobs in 8-D; point i belongs to blob i % clusters. */
function blobGraph(n: number, clusters: number, spread: number, seed: number): SparseGraph {
  const random = createRandom(seed);
  const dim = 8;
  const centres = Array.from({ length: clusters * dim }, () => gaussian(random) * spread);
  const data = Float32Array.from(
    { length: n * dim },
    (_, e) => centres[(Math.floor(e / dim) % clusters) * dim + (e % dim)] + gaussian(random),
  );
  return knnGraph(knnFromData(data, n, dim, { k: 10 }));
}

/** Connected-component count by breadth-first search. */
function components(graph: SparseGraph): number {
  const seen = new Uint8Array(graph.n);
  let count = 0;
  for (let s = 0; s < graph.n; s++) {
    if (seen[s]) continue;
    count++;
    const queue = [s];
    seen[s] = 1;
    while (queue.length > 0) {
      const i = queue.pop()!;
      for (let p = graph.rowPtr[i]; p < graph.rowPtr[i + 1]; p++) {
        if (!seen[graph.colIdx[p]]) {
          seen[graph.colIdx[p]] = 1;
          queue.push(graph.colIdx[p]);
        }
      }
    }
  }
  return count;
}

function spread(
  positions: Float32Array,
  members: number[],
): { cx: number; cy: number; rms: number } {
  const cx = members.reduce((s, i) => s + positions[2 * i], 0) / members.length;
  const cy = members.reduce((s, i) => s + positions[2 * i + 1], 0) / members.length;
  const ss = members.reduce(
    (s, i) => s + (positions[2 * i] - cx) ** 2 + (positions[2 * i + 1] - cy) ** 2,
    0,
  );
  return { cx, cy, rms: Math.sqrt(ss / members.length) };
}

describe('createLayoutSequence', () => {
  const n = 300;
  const graph = blobGraph(n, 3, 1, 1);

  it('gives finite positions in the box, bit-identical across runs', () => {
    const run = () => {
      const sequence = createLayoutSequence({ random: createRandom(5) });
      return [sequence.next(graph), sequence.next(blobGraph(n, 3, 1, 2))];
    };
    const [a, b] = [run(), run()];
    for (const step of a) {
      expect(step.positions.length).toBe(2 * n);
      expect(step.positions.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
    }
    expect(a[0].cold && !a[1].cold).toBe(true);
    expect(b[0].positions).toEqual(a[0].positions);
    expect(b[1].positions).toEqual(a[1].positions);
  });

  it('barely moves nodes when warm-started on an unchanged graph', () => {
    const sequence = createLayoutSequence({ random: createRandom(5) });
    const first = sequence.next(graph);
    const second = sequence.next(graph);
    expect(first.displacement).toBe(0);
    expect(second.displacement).toBeLessThan(0.05); // the box is 2 wide
    expect(second.alignment?.rmsd).toBeLessThan(0.05);
    // Relative to the layout's own size: a tenth of its RMS radius at most.
    const all = spread(
      first.positions,
      Array.from({ length: n }, (_, i) => i),
    );
    expect(second.displacement).toBeLessThan(0.1 * all.rms);
  });

  it('stops a warm run early on an unchanged graph, drifting less than a fixed 40', () => {
    const converging = createLayoutSequence({ random: createRandom(5) });
    const fixed = createLayoutSequence({
      random: createRandom(5),
      warmTolerance: 0,
      warmIterations: 40,
    });
    const [a, b] = [converging, fixed].map((sequence) => [
      sequence.next(graph),
      sequence.next(graph),
    ]);
    expect(a[0].positions).toEqual(b[0].positions); // the cold step does not use the tolerance
    expect(a[1].converged).toBe(true);
    expect(a[1].iterations).toBeLessThan(20);
    expect([b[1].iterations, b[1].converged]).toEqual([40, false]);
    expect(a[1].displacement).toBeLessThan(b[1].displacement);
    // A graph that did change runs longer than the unchanged one.
    const changed = converging.next(blobGraph(n, 3, 1, 2));
    expect(changed.iterations).toBeGreaterThan(a[1].iterations);
  });

  /** A simulated training run: 8-D blobs pulling apart while every point takes small random steps. */
  function trainingGraphs(snapshots: number): SparseGraph[] {
    const random = createRandom(21);
    const dim = 8;
    const m = 300;
    const base = Float32Array.from({ length: m * dim }, () => gaussian(random));
    const walk = new Float32Array(m * dim);
    return Array.from({ length: snapshots }, (_, t) => {
      for (let e = 0; e < walk.length; e++) walk[e] += 0.08 * gaussian(random);
      const data = Float32Array.from(
        base,
        (v, e) => v + walk[e] + (Math.floor(e / dim) % 4 === e % dim ? 0.25 * t : 0),
      );
      return knnGraph(knnFromData(data, m, dim, { k: 10 }));
    });
  }

  /** Null displacement (the last graph laid out again) over the median displacement of the last 5 real steps. */
  function nullDriftRatio(options: Parameters<typeof createLayoutSequence>[0]): number {
    const graphs = trainingGraphs(14);
    const sequence = createLayoutSequence(options);
    const moves = graphs.map((g) => sequence.next(g).displacement);
    const late = moves.slice(-5).sort((a, b) => a - b)[2];
    expect(late).toBeGreaterThan(0);
    return sequence.next(graphs[graphs.length - 1]).displacement / late;
  }

  it('with refine: an unchanged graph moves nodes by < 10 % of the late real motion; ForceAtlas2 alone does not', () => {
    const short = { coldEpochs: 150, reexpandEpochs: 150, warmEpochs: 30 }; // a faster test
    const refined = nullDriftRatio({ random: createRandom(5), refine: short });
    expect(refined).toBeLessThan(0.1);
    // Negative controls: ForceAtlas2 alone, and the refinement without per-node change rates.
    expect(nullDriftRatio({ random: createRandom(5) })).toBeGreaterThan(0.1);
    expect(
      nullDriftRatio({ random: createRandom(5), refine: { ...short, changeRates: false } }),
    ).toBeGreaterThan(0.1);
  });

  it('keeps two disconnected clusters apart, in the box and not collapsed', () => {
    const two = blobGraph(n, 2, 10, 3);
    expect(components(two)).toBe(2);
    const sequence = createLayoutSequence({ random: createRandom(1) });
    for (const step of [sequence.next(two), sequence.next(two)]) {
      expect(step.positions.every((v) => Math.abs(v) <= 1)).toBe(true);
      const a = spread(
        step.positions,
        Array.from({ length: n / 2 }, (_, i) => 2 * i),
      );
      const b = spread(
        step.positions,
        Array.from({ length: n / 2 }, (_, i) => 2 * i + 1),
      );
      expect(a.rms).toBeGreaterThan(0.15);
      expect(b.rms).toBeGreaterThan(0.15);
      expect(Math.hypot(a.cx - b.cx, a.cy - b.cy)).toBeGreaterThan(1.5 * (a.rms + b.rms));
    }
  });

  it('stays finite and in the box with dead (all-zero) and duplicated activations', () => {
    const random = createRandom(9);
    const m = 200;
    const data = Float32Array.from({ length: m * 8 }, () => Math.max(0, gaussian(random)));
    data.fill(0, 0, 60 * 8); // 60 dead rows: identical points, a dense clique of ties
    data.copyWithin(100 * 8, 150 * 8, 170 * 8); // 20 duplicated rows
    const g = knnGraph(knnFromData(data, m, 8, { k: 10 }));
    const sequence = createLayoutSequence({ random: createRandom(2) });
    for (const step of [sequence.next(g), sequence.next(g)]) {
      expect(step.positions.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
      expect(
        spread(
          step.positions,
          Array.from({ length: m }, (_, i) => i),
        ).rms,
      ).toBeGreaterThan(0.2);
    }
  });

  it('rejects a graph with a different number of nodes', () => {
    const sequence = createLayoutSequence({ coldIterations: 5 });
    expect(sequence.next(blobGraph(30, 2, 1, 1)).iterations).toBe(5);
    expect(sequence.next(blobGraph(30, 2, 1, 1), { iterations: 3 }).iterations).toBe(3);
    expect(() => sequence.next(blobGraph(31, 2, 1, 1))).toThrow(
      "sequence: graph n (31) must equal the first graph's n (30)",
    );
  });
});
