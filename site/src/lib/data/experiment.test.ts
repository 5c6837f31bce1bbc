import { Float32, Table, Utf8, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  COORD_SCALE,
  METRICS,
  PROJECTIONS,
  REGIONS,
  REGION_GRID,
  SCHEMA_VERSION,
  quantiseCoordinate,
  type ExperimentEntry,
} from '../../../../pipeline/contract.ts';
import { encodeTable } from '../../../../pipeline/io/arrow.ts';
import { DataError } from './errors.ts';
import {
  assembleCore,
  assembleEdges,
  edgesInView,
  assembleLayerViews,
  assembleProjections,
  assembleRegions,
  regionBox,
  viewRegions,
  nodeTrail,
  clampIndex,
  assembleStepEdges,
  assembleSteps,
  stepEdgesOf,
  stepPositions,
  viewEdges,
  viewPositions,
  viewPredicted,
} from './experiment.ts';
import { fileEntry, parseManifest, requireFile } from './manifest.ts';

const n = 3;
const entry = {
  kind: 'mlp-classes',
  dataset: { name: 'toy', classes: ['a', 'b'], train: 6, test: 3, trace: n },
  nodes: { sample: n },
  layers: [
    { index: 1, name: 'hidden 1', width: 4, nodes: n },
    { index: 2, name: 'hidden 2', width: 2, nodes: n },
  ],
  snapshots: [
    { index: 0, epoch: 0, step: 0 },
    { index: 1, epoch: 1, step: 10 },
  ],
  files: [],
} as unknown as ExperimentEntry;

const ipc = (columns: Record<string, ReturnType<typeof makeVector>>) =>
  tableToIPC(new Table(columns), 'file');

function nodes(): Uint8Array {
  return ipc({
    node: makeVector(Int32Array.from([0, 1, 2])),
    kind: makeVector(new Int8Array(3)),
    label: makeVector(Int8Array.from([0, 1, 1])),
    split: vectorFromArray(['train', 'test', 'train'], new Utf8()),
    source_index: makeVector(Int32Array.from([5, 6, 7])),
    input_x: makeVector(Float32Array.from([0, 2, 4])),
    input_y: makeVector(Float32Array.from([1, 1, 1])),
  });
}

/** positions-l<layer>.arrow: x = r / 100 and y = -x for row r, stored as int16. */
function positions(layerIndex: number, swapOrder = false): Uint8Array {
  const rows = 2 * n;
  const layer = new Int8Array(rows).fill(layerIndex);
  const snapshot = new Int16Array(rows);
  const node = new Int32Array(rows);
  const x = new Int16Array(rows);
  for (let r = 0; r < rows; r++) {
    snapshot[r] = Math.floor(r / n);
    node[r] = r % n;
    x[r] = quantiseCoordinate(r / 100);
  }
  if (swapOrder) [snapshot[0], snapshot[rows - 1]] = [snapshot[rows - 1], snapshot[0]];
  return ipc({
    layer: makeVector(layer),
    snapshot: makeVector(snapshot),
    node: makeVector(node),
    x: makeVector(x),
    y: makeVector(x.map((v) => -v)),
    predicted: makeVector(Int8Array.from({ length: rows }, (_, r) => r % 2)),
  });
}

/** metrics.arrow with every column the contract lists (so a new metric needs no change here). */
function metrics(): Uint8Array {
  const rows = 4;
  const given: Record<string, ReturnType<typeof makeVector>> = {
    layer: makeVector(Int8Array.from([1, 1, 2, 2])),
    snapshot: makeVector(Int16Array.from([0, 1, 0, 1])),
    epoch: makeVector(Float32Array.from([0, 1, 0, 1])),
    test_accuracy: makeVector(Float32Array.from([0.5, 0.9, 0.5, 0.9])),
    silhouette_layout: makeVector(Float32Array.from([0, 0.2, 0.1, 0.4])),
    linear_probe: makeVector(Float32Array.from([0.5, 0.8, 0.6, 1])),
  };
  return ipc(
    Object.fromEntries(
      METRICS.columns.map((c) => [
        c.name,
        given[c.name] ??
          makeVector(c.type === 'int16' ? new Int16Array(rows) : new Float32Array(rows).fill(0.5)),
      ]),
    ),
  );
}

describe('clampIndex', () => {
  it('counts negative indices from the end and falls back for missing, fractional or out-of-range ones', () => {
    expect([0, 2, -1, -3].map((i) => clampIndex(i, 3, 9))).toEqual([0, 2, 2, 0]);
    expect([undefined, 1.5, 3, -4].map((i) => clampIndex(i, 3, 9))).toEqual([9, 9, 9, 9]);
  });
});

describe('assembleCore', () => {
  it('reads nodes and metrics written by apache-arrow', () => {
    const core = assembleCore('toy', entry, { nodes: nodes(), metrics: metrics() });
    expect([core.n, core.L, core.S]).toEqual([3, 2, 2]);
    expect(Array.from(core.labels)).toEqual([0, 1, 1]);
    expect(Array.from(core.metrics.view('silhouette_layout', 1))).toEqual([
      Math.fround(0.1),
      Math.fround(0.4),
    ]);
    expect(Array.from(core.metrics.snapshot('test_accuracy'))).toEqual([
      Math.fround(0.5),
      Math.fround(0.9),
    ]);
    expect(Array.from(core.metrics.view('linear_probe', 1))).toEqual([Math.fround(0.6), 1]);
    expect(() => core.metrics.view('nope', 0)).toThrow('metrics: no column "nope"');
    expect(Array.from(core.input ?? [])).toEqual([-1, 0, 0, 0, 1, 0]);
  });

  it('rejects a column of the wrong type and bytes that are not Arrow', () => {
    const bad = ipc({
      node: makeVector(Int32Array.from([0, 1, 2])),
      kind: makeVector(new Int8Array(3)),
      label: vectorFromArray([0, 1, 1], new Float32()),
      split: vectorFromArray(['a', 'b', 'c'], new Utf8()),
      source_index: makeVector(Int32Array.from([0, 1, 2])),
    });
    expect(() => assembleCore('toy', entry, { nodes: bad, metrics: metrics() })).toThrow(
      /column "label" does not have the contract type int8/,
    );
    let error: unknown;
    try {
      assembleCore('toy', entry, { nodes: new Uint8Array([1, 2, 3]), metrics: metrics() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).kind).toBe('corrupt');
  });
});

describe('assembleLayerViews (one layer per file)', () => {
  it('turns int16 coordinates into box units and slices snapshots without copying', () => {
    const views = assembleLayerViews('toy', entry, 2, positions(2));
    expect(views.layer).toBe(2);
    const view = viewPositions(views, 1);
    expect(view.buffer).toBe(views.xy.buffer);
    expect(view).toHaveLength(2 * n);
    // Snapshot 1, node 0 is row 3: x = 0.03, within half a stored step.
    expect(Math.abs((view[0] ?? 0) - 0.03)).toBeLessThanOrEqual(0.5 / COORD_SCALE);
    expect(Math.abs((view[1] ?? 0) + 0.03)).toBeLessThanOrEqual(0.5 / COORD_SCALE);
    expect(Array.from(viewPredicted(views, 1))).toEqual([1, 0, 1]);
  });

  it('gives one node’s path over every snapshot', () => {
    const views = assembleLayerViews('toy', entry, 2, positions(2));
    // Node 1 is row 1 at snapshot 0 and row 4 at snapshot 1: x = 0.01, 0.04; y = -x.
    const trail = Array.from(nodeTrail(views, 1));
    expect(trail).toHaveLength(4);
    [0.01, -0.01, 0.04, -0.04].forEach((v, k) => expect(trail[k]).toBeCloseTo(v, 4));
    expect(nodeTrail(views, n)).toHaveLength(0);
  });

  it('rejects rows of another layer or out of contract order, naming the per-layer file', () => {
    expect(() => assembleLayerViews('toy', entry, 1, positions(2))).toThrow(
      'toy/positions-l1.arrow: layer[0] = 2, but this file holds layer 1',
    );
    expect(() => assembleLayerViews('toy', entry, 1, positions(1, true))).toThrow(
      'toy/positions-l1.arrow: row 1 is out of order (sorted by layer, snapshot, node)',
    );
  });

  it('rejects float coordinates (an older schema)', () => {
    const old = ipc({
      layer: makeVector(new Int8Array(2 * n).fill(1)),
      snapshot: makeVector(new Int16Array(2 * n)),
      node: makeVector(new Int32Array(2 * n)),
      x: makeVector(new Float32Array(2 * n)),
      y: makeVector(new Float32Array(2 * n)),
      predicted: makeVector(new Int8Array(2 * n)),
    });
    expect(() => assembleLayerViews('toy', entry, 1, old)).toThrow(
      /column "x" does not have the contract type int16/,
    );
  });
});

describe('assembleProjections (linear views, one layer per file)', () => {
  it('reads int16 coordinates like positions, written by the pipeline’s encoder', () => {
    const rows = 2 * n;
    const bytes = encodeTable(PROJECTIONS, {
      layer: new Int8Array(rows).fill(2),
      snapshot: Int16Array.from({ length: rows }, (_, r) => Math.floor(r / n)),
      node: Int32Array.from({ length: rows }, (_, r) => r % n),
      x: Int16Array.from({ length: rows }, (_, r) => quantiseCoordinate(r / 10)),
      y: Int16Array.from({ length: rows }, (_, r) => quantiseCoordinate(-r / 10)),
    });
    const p = assembleProjections('toy', entry, 2, bytes);
    expect([p.layer, p.n, Array.from(p.nodeIds)]).toEqual([2, n, [0, 1, 2]]);
    const view = viewPositions(p, 1);
    expect(view[0]).toBeCloseTo(0.3, 4);
    expect(view[1]).toBeCloseTo(-0.3, 4);
    expect(() => assembleProjections('toy', entry, 1, bytes)).toThrow(
      'toy/projections-l1.arrow: layer[0] = 2, but this file holds layer 1',
    );
  });
});

describe('assembleRegions (decision regions of a 2-D toy set)', () => {
  const cells = REGION_GRID * REGION_GRID;
  function regions(rows = 2): Uint8Array {
    return encodeTable(REGIONS, {
      snapshot: Int16Array.from({ length: rows }, (_, s) => s),
      // Snapshot s predicts class s everywhere, with confidence 128 + s.
      predicted: Uint8Array.from({ length: rows * cells }, (_, i) => Math.floor(i / cells)),
      confidence: Uint8Array.from({ length: rows * cells }, (_, i) => 128 + Math.floor(i / cells)),
      x_min: new Float32Array(rows).fill(0),
      x_max: new Float32Array(rows).fill(4),
      y_min: new Float32Array(rows).fill(-1),
      y_max: new Float32Array(rows).fill(3),
    });
  }

  it('slices one snapshot’s grid without copying and maps its bounds into the box like the inputs', () => {
    const r = assembleRegions('toy', entry, regions());
    expect(r.size).toBe(REGION_GRID);
    const last = viewRegions(r, 1);
    expect(last.predicted).toHaveLength(cells);
    expect(last.predicted.buffer).toBe(r.predicted.buffer);
    expect([last.predicted[0], last.confidence[cells - 1]]).toEqual([1, 129]);
    expect(Array.from(last.bounds)).toEqual([0, 4, -1, 3]);
    // nodes(): inputs x 0 … 4, y 1 → centre (2, 1), scale 2 / 4.
    const core = assembleCore('toy', entry, { nodes: nodes(), metrics: metrics() });
    expect(core.inputFit).toEqual({ cx: 2, cy: 1, scale: 0.5 });
    expect(regionBox(last.bounds, core.inputFit ?? { cx: 0, cy: 0, scale: 1 })).toEqual([
      -1, -1, 1, 1,
    ]);
  });

  it('rejects a file with a row per snapshot missing', () => {
    expect(() => assembleRegions('toy', entry, regions(1))).toThrow(
      /regions\.arrow: 1 rows, expected 2/,
    );
  });
});

const edgeColumns = (layer: number[], snapshot: number[], source: number[], target: number[]) =>
  ipc({
    layer: makeVector(Int8Array.from(layer)),
    snapshot: makeVector(Int16Array.from(snapshot)),
    source: makeVector(Int32Array.from(source)),
    target: makeVector(Int32Array.from(target)),
    weight: makeVector(new Uint8Array(layer.length).fill(128)),
  });

describe('assembleEdges (one layer per file)', () => {
  it('indexes each snapshot slice of edges-l<k>.arrow', () => {
    const edges = assembleEdges(
      'toy',
      entry,
      2,
      edgeColumns([2, 2, 2], [0, 0, 1], [0, 1, 0], [1, 2, 2]),
    );
    expect(edges.layer).toBe(2);
    expect(Array.from(edges.offsets)).toEqual([0, 2, 3]);
    expect(Array.from(viewEdges(edges, 0).target)).toEqual([1, 2]);
    expect(Array.from(viewEdges(edges, 1).source)).toEqual([0]);
  });

  it('rejects rows of another layer, naming the per-layer file', () => {
    expect(() =>
      assembleEdges('toy', entry, 1, edgeColumns([1, 2], [0, 0], [0, 0], [1, 2])),
    ).toThrow('toy/edges-l1.arrow: layer[1] = 2, but this file holds layer 1');
  });

  it('rejects node ids outside the trace set', () => {
    expect(() => assembleEdges('toy', entry, 1, edgeColumns([1], [0], [0], [7]))).toThrow(
      'toy/edges-l1.arrow: target[0] = 7 is not a node id (0 … 2)',
    );
  });
  it('maps stored node ids to indices in a view that holds only some nodes', () => {
    const edges = { source: Int32Array.from([0, 1]), target: Int32Array.from([5, 7]) };
    const mapped = edgesInView(edges, Int32Array.from([0, 1, 5, 7]));
    expect(Array.from(mapped.source)).toEqual([0, 1]);
    expect(Array.from(mapped.target)).toEqual([2, 3]);
    expect(edgesInView(edges, Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]))).toBe(edges);
    expect(() => edgesInView(edges, Int32Array.from([0, 1, 5]))).toThrow(
      'edges: node 7 is not in this view',
    );
  });
});

describe('steps.arrow and step-edges.arrow', () => {
  function steps(swap = false): Uint8Array {
    const rows = 2 * 3 * n;
    const layer = new Int8Array(rows);
    const stage = new Int8Array(rows);
    const node = new Int32Array(rows);
    const x = new Int16Array(rows);
    for (let r = 0; r < rows; r++) {
      layer[r] = 1 + Math.floor(r / (3 * n));
      stage[r] = Math.floor(r / n) % 3;
      node[r] = r % n;
      x[r] = quantiseCoordinate(r / 100);
    }
    if (swap) [stage[0], stage[rows - 1]] = [stage[rows - 1], stage[0]];
    return ipc({
      layer: makeVector(layer),
      stage: makeVector(stage),
      node: makeVector(node),
      x: makeVector(x),
      y: makeVector(x.map((v) => -v)),
    });
  }

  it('slices one (layer, stage) without copying', () => {
    const s = assembleSteps('toy', entry, steps());
    expect(s.stages).toBe(3);
    const view = stepPositions(s, 1, 2);
    expect(view.buffer).toBe(s.xy.buffer);
    expect(view).toHaveLength(2 * n);
    expect(view[0]).toBeCloseTo(0.15, 4);
    expect(view[1]).toBeCloseTo(-0.15, 4);
  });

  it('rejects rows out of contract order', () => {
    expect(() => assembleSteps('toy', entry, steps(true))).toThrow(
      'toy/steps.arrow: row 1 is out of order (sorted by layer, stage, node)',
    );
  });

  it("indexes the last snapshot's edges by layer and rejects other snapshots", () => {
    const e = assembleStepEdges(
      'toy',
      entry,
      edgeColumns([1, 2, 2], [1, 1, 1], [0, 0, 1], [1, 2, 2]),
    );
    expect(Array.from(e.offsets)).toEqual([0, 1, 3]);
    expect(Array.from(stepEdgesOf(e, 1).source)).toEqual([0, 1]);
    expect(() => assembleStepEdges('toy', entry, edgeColumns([1], [0], [0], [1]))).toThrow(
      /step-edges\.arrow: row 0.*last snapshot 1/,
    );
  });
});

describe('manifest file entries', () => {
  const withFiles = {
    ...entry,
    files: [
      { name: 'toy/nodes.arrow', table: 'nodes', bytes: 1, sha256: '', rows: 3 },
      { name: 'toy/edges-l1.arrow', table: 'edges', split: 1, bytes: 1, sha256: '', rows: 1 },
      { name: 'toy/edges-l2.arrow', table: 'edges', split: 2, bytes: 1, sha256: '', rows: 1 },
    ],
  } as unknown as ExperimentEntry;

  it('finds per-layer files by layer', () => {
    expect(fileEntry(withFiles, 'edges', 2)?.name).toBe('toy/edges-l2.arrow');
    expect(fileEntry(withFiles, 'edges')).toBeUndefined();
    expect(fileEntry(withFiles, 'nodes')?.name).toBe('toy/nodes.arrow');
    expect(() => requireFile(withFiles, 'toy', 'edges', 3)).toThrow(/lists no edges-l3\.arrow/);
    expect(() => requireFile(withFiles, 'toy', 'steps')).toThrow(/lists no steps\.arrow/);
  });
});

describe('parseManifest', () => {
  it('names a wrong schema version', () => {
    expect(SCHEMA_VERSION).toBe(5);
    expect(() => parseManifest('{"schemaVersion": 4, "experiments": {}}')).toThrow(
      /schema version 4.*reads version 5/,
    );
    expect(() => parseManifest('{"schemaVersion": 99, "experiments": {}}')).toThrow(
      /schema version 99.*reads version 5/,
    );
    expect(() => parseManifest('not json')).toThrow(/not valid JSON/);
  });

  it('rejects a file name that would leave data/ or its experiment folder, and malformed entries', () => {
    const withFile = (name: unknown, files?: unknown): string => {
      const entry = {
        kind: 'mlp-classes',
        layers: [],
        snapshots: [],
        nodes: { sample: 1 },
        dataset: { name: 'toy' },
        files: files ?? [{ name, table: 'nodes', bytes: 1, sha256: '', rows: 1 }],
      };
      try {
        parseManifest(
          JSON.stringify({ schemaVersion: SCHEMA_VERSION, experiments: { toy: entry } }),
        );
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(withFile('toy/nodes.arrow')).toBe('');
    expect(withFile('../victim.txt')).toBe(
      'manifest.json: experiment "toy" lists a file whose name "../victim.txt" leaves the data folder (..).',
    );
    expect(withFile('toy/../../victim.txt')).toMatch(/leaves the data folder/);
    expect(withFile('/etc/passwd')).toMatch(/"\/etc\/passwd" is an absolute path/);
    expect(withFile('toy\\..\\..\\x')).toMatch(/contains a backslash/);
    expect(withFile('other/nodes.arrow')).toBe(
      'manifest.json: experiment "toy" lists other/nodes.arrow, outside its folder toy/.',
    );
    expect(withFile(null)).toMatch(/name null is not a file name/);
    expect(withFile(undefined, 5)).toMatch(/lacks layers, snapshots, files, nodes or dataset/);
    expect(() => parseManifest('null')).toThrow(/not a JSON object/);
    expect(() =>
      parseManifest(`{"schemaVersion": ${SCHEMA_VERSION}, "experiments": {"toy": null}}`),
    ).toThrow('experiment "toy" is not an object');
  });
});
