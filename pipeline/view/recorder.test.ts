import { tableFromIPC } from '@uwdata/flechette';
import { describe, expect, it } from 'vitest';
import {
  COORD_SCALE,
  EDGES,
  METRICS,
  NODES,
  POSITIONS,
  STEPS,
  coordinateOf,
  metricColumns,
  quantiseCoordinate,
  quantiseWeight,
  tableFileName,
} from '../contract.ts';
import { knnFromData } from '../graph/knn.ts';
import { knnGraph } from '../graph/knn-graph.ts';
import { createLayoutSequence } from '../layout/sequence.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { encodeSteps, layoutSteps } from './layout-steps.ts';
import { ViewRecorder } from './recorder.ts';

const edges = (s: number[], t: number[]) => ({
  source: Int32Array.from(s),
  target: Int32Array.from(t),
  weight: Float32Array.from(s, () => 0.5),
});
const metricsRow = (v: number) =>
  Object.fromEntries(
    [...metricColumns(METRICS, 'snapshot'), ...metricColumns(METRICS, 'view')].map((c) => [
      c.name,
      c.type === 'int16' ? 0 : v,
    ]),
  );
const ids = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('per-layer file names', () => {
  it('names per-layer tables by layer and refuses a missing layer', () => {
    expect(tableFileName(EDGES, 2)).toBe('edges-l2.arrow');
    expect(tableFileName(POSITIONS, 3)).toBe('positions-l3.arrow');
    expect(tableFileName(NODES)).toBe('nodes.arrow');
    expect(() => tableFileName(EDGES)).toThrow('contract: edges.arrow is stored per layer');
    expect(tableFileName({ ...EDGES, splitBy: 'beta' }, 3)).toBe('edges-b3.arrow');
  });
});

describe('stored coordinates and weights', () => {
  it('round-trips box coordinates within half a step and clamps to the box', () => {
    for (const v of [-1, -0.5, -1e-6, 0, 0.123456, 0.999999, 1]) {
      expect(Math.abs(coordinateOf(quantiseCoordinate(v)) - v)).toBeLessThanOrEqual(
        0.5 / COORD_SCALE,
      );
    }
    expect(quantiseCoordinate(1.5)).toBe(COORD_SCALE);
    expect(quantiseCoordinate(-7)).toBe(-COORD_SCALE);
  });

  it('stores weights in 1 … 255, never 0', () => {
    expect([1e-9, 0.5, 1, 2].map(quantiseWeight)).toEqual([1, 128, 255, 255]);
  });
});

describe('ViewRecorder', () => {
  const n = 3;
  const buffers = new ViewRecorder(
    [
      { index: 1, nodeIds: ids(n) },
      { index: 2, nodeIds: ids(n) },
    ],
    2,
  );
  // Out of order, as worker results arrive.
  for (let s = 1; s >= 0; s--) {
    for (let l = 0; l < 2; l++) {
      const positions = Float32Array.from(
        { length: 2 * n },
        (_, i) => (l * 10 + s) / 100 + i / 1000,
      );
      buffers.addView(l, s, {
        positions,
        predicted: Int8Array.from([l, s, 1]),
        edges: edges([0, s], [1, 2]),
      });
      buffers.addMetrics(l, s, metricsRow(l + s / 10));
    }
  }

  it('encodes one positions file per layer in (snapshot, node) order, int16 coordinates, and returns stored layouts', () => {
    const files = buffers.encodedPositions(POSITIONS);
    expect(files.map((f) => [f.split, f.rows])).toEqual([
      [1, 6],
      [2, 6],
    ]);
    const t = tableFromIPC(files[1]?.bytes ?? new Uint8Array());
    expect(Array.from(t.getChild('layer').toArray() as Int8Array)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(Array.from(t.getChild('snapshot').toArray() as Int16Array)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(t.getChild('node').toArray() as Int32Array)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(t.getChild('predicted').toArray() as Int8Array)).toEqual([1, 0, 1, 1, 1, 1]);
    // Layer 2, snapshot 1, node 0: x = 0.11, y = 0.111 (stored as int16).
    const x = t.getChild('x').toArray() as Int16Array;
    expect(x).toBeInstanceOf(Int16Array);
    expect(x[3]).toBe(quantiseCoordinate(0.11));
    expect((t.getChild('y').toArray() as Int16Array)[3]).toBe(quantiseCoordinate(0.111));
    expect(Array.from(buffers.layout(1, 1) ?? [])).toEqual(
      Array.from(Float32Array.from({ length: 6 }, (_, i) => 0.11 + i / 1000)),
    );
  });

  it('encodes one edges file per layer, each holding only its layer', () => {
    const files = buffers.encodedEdges(EDGES);
    expect(files.map((f) => f.split)).toEqual([1, 2]);
    for (const f of files) {
      const t = tableFromIPC(f.bytes);
      expect(new Set(t.getChild('layer').toArray() as Int8Array)).toEqual(new Set([f.split]));
      expect(Array.from(t.getChild('snapshot').toArray() as Int16Array)).toEqual([0, 0, 1, 1]);
      expect(Array.from(t.getChild('source').toArray() as Int32Array)).toEqual([0, 0, 0, 1]);
      expect(Array.from(t.getChild('weight').toArray() as Uint8Array)).toEqual([
        128, 128, 128, 128,
      ]);
      expect(f.rows).toBe(4);
    }
  });

  it('takes metric columns from the spec, by name', () => {
    const columns = buffers.metricColumns(METRICS);
    expect(Object.keys(columns)).toEqual(METRICS.columns.map((c) => c.name));
    expect(Array.from(columns.layer as Int8Array)).toEqual([1, 1, 2, 2]);
    expect(Array.from(columns.silhouette_layout as Float32Array)).toEqual(
      [0, 0.1, 1, 1.1].map(Math.fround),
    );
    const missing = new ViewRecorder([{ index: 1, nodeIds: ids(2) }], 1);
    missing.addView(0, 0, {
      positions: new Float32Array(4),
      predicted: new Int8Array(2),
      edges: edges([0], [1]),
    });
    missing.addMetrics(0, 0, { ...metricsRow(0), trustworthiness: undefined as unknown as number });
    expect(() => missing.metricColumns(METRICS)).toThrow(
      'recorder: no value for metric column "trustworthiness" (split 0, snapshot 0)',
    );
  });

  it('lets splits have their own node counts and ids', () => {
    const mixed = new ViewRecorder(
      [
        { index: 1, nodeIds: Int32Array.from([0, 1]) },
        { index: 2, nodeIds: Int32Array.from([0, 2, 5]) },
      ],
      1,
    );
    mixed.addView(0, 0, {
      positions: new Float32Array(4),
      predicted: new Int8Array(2),
      edges: edges([0], [1]),
    });
    mixed.addView(1, 0, {
      positions: new Float32Array(6),
      predicted: Int8Array.from([3, -1, -1]),
      edges: edges([0], [2]), // view indices: node 0 – node 5
    });
    [0, 1].forEach((l) => mixed.addMetrics(l, 0, metricsRow(0)));
    const [a, b] = mixed.encodedPositions(POSITIONS).map((f) => tableFromIPC(f.bytes));
    expect(a?.numRows).toBe(2);
    expect(Array.from(b?.getChild('node').toArray() as Int32Array)).toEqual([0, 2, 5]);
    // Edges are stored by node id, not by index in the view.
    const [, e] = mixed.encodedEdges(EDGES).map((f) => tableFromIPC(f.bytes));
    expect(Array.from(e?.getChild('target').toArray() as Int32Array)).toEqual([5]);
    expect(() =>
      mixed.addView(0, 0, {
        positions: new Float32Array(6),
        predicted: new Int8Array(3),
        edges: edges([0], [1]),
      }),
    ).toThrow('recorder: view (split 0, snapshot 0) has 3 positions and 3 predictions for 2 nodes');
  });

  it('refuses to encode before every view is filled', () => {
    const partial = new ViewRecorder([{ index: 1, nodeIds: ids(2) }], 2);
    partial.addView(0, 0, {
      positions: new Float32Array(4),
      predicted: new Int8Array(2),
      edges: edges([0], [1]),
    });
    partial.addMetrics(0, 0, metricsRow(0));
    expect(() => partial.encodedPositions(POSITIONS)).toThrow(
      'recorder: 1 of 2 views were filled (first missing: split 0, snapshot 1)',
    );
  });
});

describe('layoutSteps', () => {
  it('gives spectral, cold ForceAtlas2 and published stages, aligned and in the box', () => {
    const random = createRandom(3);
    const n = 120;
    const data = Float32Array.from(
      { length: n * 4 },
      (_, e) => gaussian(random) * 0.2 + (Math.floor(e / 4) < n / 2 ? 0 : 3),
    );
    const graph = knnGraph(knnFromData(data, n, 4, { k: 8 }));
    const published = createLayoutSequence({ random: createRandom(1), coldIterations: 100 }).next(
      graph,
    ).positions;
    const stages = layoutSteps(graph, published, { random: createRandom(2), coldIterations: 100 });
    expect(stages).toHaveLength(3);
    expect(stages[2]).toBe(published);
    for (const stage of stages) {
      expect(stage.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
      // Aligned to the published layout: both blobs sit on the same side as there.
      const meanX = (from: number) =>
        stage
          .filter(
            (_, e) => e % 2 === 0 && Math.floor(e / 2) >= from && Math.floor(e / 2) < from + n / 2,
          )
          .reduce((a, b) => a + b, 0) /
        (n / 2);
      const pubX = (from: number) =>
        published
          .filter(
            (_, e) => e % 2 === 0 && Math.floor(e / 2) >= from && Math.floor(e / 2) < from + n / 2,
          )
          .reduce((a, b) => a + b, 0) /
        (n / 2);
      expect(Math.sign(meanX(0) - meanX(n / 2))).toBe(Math.sign(pubX(0) - pubX(n / 2)));
    }
    const table = tableFromIPC(encodeSteps([stages], n, STEPS).bytes);
    expect(table.numRows).toBe(3 * n);
    expect(Array.from(table.getChild('stage').toArray() as Int8Array).slice(n - 1, n + 1)).toEqual([
      0, 1,
    ]);
  });
});
