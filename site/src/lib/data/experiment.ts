/**
 * Turns the decoded tables of one experiment into the arrays the figures draw from.
 * Pure functions of bytes, used by the browser (after fetch) and by the build (after fs read).
 */
import { EDGES, IMAGES, METRICS, NODES, POSITIONS, STEPS, STEP_EDGES, coordinateOf, tableFileName, type ExperimentEntry } from '../../../../pipeline/contract.ts';
import { DataError } from './errors.ts';
import { decodeTable, fixedListBytes, numbers, optionalNumbers } from './table.ts';

/** Per-layer structure metrics and per-snapshot training metrics, each indexed by snapshot. */
export interface Metrics {
  epoch: Float32Array;
  testAccuracy: Float32Array;
  trainAccuracy: Float32Array;
  testLoss: Float32Array;
  /** Indexed by layer position (0 … L-1), then snapshot. */
  silhouette: Float32Array[];
  silhouetteActivation: Float32Array[];
  neighborhoodHit: Float32Array[];
  trustworthiness: Float32Array[];
}

/** What every training figure needs first: node labels and all metrics (layouts come per layer). */
export interface Core {
  name: string;
  entry: ExperimentEntry;
  /** Nodes (trace samples), layers and snapshots. */
  n: number;
  L: number;
  S: number;
  labels: Int8Array;
  /** 2-D toy sets: interleaved input coordinates scaled into [-1, 1]. */
  input?: Float32Array;
  metrics: Metrics;
}

/** Every snapshot's layout of one hidden layer (one positions-l<k>.arrow). */
export interface LayerViews {
  /** Layer index as in the manifest. */
  layer: number;
  n: number;
  /** Interleaved x, y in box units of every (snapshot, node) row, in file order. */
  xy: Float32Array;
  /** The network's prediction for every (snapshot, node) row. */
  predicted: Int8Array;
}

/** Display edges of one layer (one edges-l<k>.arrow), with offsets so one snapshot is a contiguous slice. */
export interface Edges {
  /** Layer index as in the manifest. */
  layer: number;
  source: Int32Array;
  target: Int32Array;
  /** offsets[snapshot] … offsets[snapshot + 1]. */
  offsets: Int32Array;
}

/** Display edges of the last snapshot of every layer (step-edges.arrow). */
export interface StepEdges {
  source: Int32Array;
  target: Int32Array;
  /** offsets[layerPos] … offsets[layerPos + 1]. */
  offsets: Int32Array;
}

/** Labels (and toy inputs) of every node, from nodes.arrow. */
export interface Nodes {
  n: number;
  labels: Int8Array;
  /** 2-D toy sets: interleaved input coordinates scaled into [-1, 1]. */
  input?: Float32Array;
}

/** The pipeline's own layout stages of the last snapshot (steps.arrow). */
export interface Steps {
  n: number;
  /** Number of stages per layer (3: spectral, ForceAtlas2 cold, published). */
  stages: number;
  /** Interleaved x, y of every (layer, stage, node) row, in file order. */
  xy: Float32Array;
}

/**
 * An index into a list of `count`: a negative one counts from the end; a missing, fractional
 * or out-of-range one becomes `fallback`.
 */
export function clampIndex(value: number | undefined, count: number, fallback: number): number {
  if (value === undefined || !Number.isInteger(value)) return fallback;
  if (value < 0) return count + value >= 0 ? count + value : fallback;
  return value < count ? value : fallback;
}

/** The interleaved positions of one snapshot of a layer (a zero-copy subarray). */
export function viewPositions(views: LayerViews, snapshot: number): Float32Array {
  const start = snapshot * views.n * 2;
  return views.xy.subarray(start, start + views.n * 2);
}

/** Predictions of every node at one snapshot (the same in every layer's file). */
export function viewPredicted(views: LayerViews, snapshot: number): Int8Array {
  const start = snapshot * views.n;
  return views.predicted.subarray(start, start + views.n);
}

function fitInput(x: Float32Array, y: Float32Array): Float32Array {
  const range = (v: Float32Array): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < v.length; i++) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i]);
    }
    return [lo, hi];
  };
  const [x0, x1] = range(x);
  const [y0, y1] = range(y);
  const span = Math.max(x1 - x0, y1 - y0);
  const scale = span > 0 ? 2 / span : 1;
  const out = new Float32Array(x.length * 2);
  for (let i = 0; i < x.length; i++) {
    out[2 * i] = (x[i] - (x0 + x1) / 2) * scale;
    out[2 * i + 1] = (y[i] - (y0 + y1) / 2) * scale;
  }
  return out;
}

function perLayer(column: Float32Array, L: number, S: number): Float32Array[] {
  return Array.from({ length: L }, (_, l) => column.subarray(l * S, (l + 1) * S));
}

/** Checks that row counts and sort order match the manifest, so slicing is safe. */
function checkViews(file: string, layer: Int8Array | Int16Array, snapshot: Int16Array, layers: readonly number[], S: number, rowsPerView: number): void {
  layers.forEach((index, l) => {
    for (let s = 0; s < S; s++) {
      for (const r of [(l * S + s) * rowsPerView, (l * S + s + 1) * rowsPerView - 1]) {
        if (layer[r] !== index || snapshot[r] !== s) {
          throw new DataError(file, 'schema', `${file}: row ${r} should belong to layer ${index}, snapshot ${s}; the rows are not in contract order.`);
        }
      }
    }
  });
}

/** Builds the Nodes of an experiment from nodes.arrow bytes. */
export function assembleNodes(name: string, entry: ExperimentEntry, bytes: Uint8Array): Nodes {
  const n = entry.dataset.trace;
  const nodesFile = `${name}/${NODES.file}`;
  const nodes = decodeTable(bytes, NODES, nodesFile);
  if (nodes.numRows !== n) throw new DataError(nodesFile, 'schema', `${nodesFile} has ${nodes.numRows} rows; the manifest says ${n} trace samples.`);
  const labels = numbers<Int8Array>(nodes, 'label');
  const ix = optionalNumbers<Float32Array>(nodes, 'input_x');
  const iy = optionalNumbers<Float32Array>(nodes, 'input_y');
  const out: Nodes = { n, labels };
  if (ix && iy) out.input = fitInput(ix, iy);
  return out;
}

/** Builds the Core of an experiment from its nodes and metrics bytes. */
export function assembleCore(name: string, entry: ExperimentEntry, bytes: { nodes: Uint8Array; metrics: Uint8Array }): Core {
  const n = entry.dataset.trace;
  const L = entry.layers.length;
  const S = entry.snapshots.length;
  const { labels, input } = assembleNodes(name, entry, bytes.nodes);

  const metricsFile = `${name}/${METRICS.file}`;
  const table = decodeTable(bytes.metrics, METRICS, metricsFile);
  if (table.numRows !== L * S) throw new DataError(metricsFile, 'schema', `${metricsFile} has ${table.numRows} rows; expected ${L} layers × ${S} snapshots.`);
  checkViews(metricsFile, numbers<Int8Array>(table, 'layer'), numbers<Int16Array>(table, 'snapshot'), entry.layers.map((l) => l.index), S, 1);
  const col = (c: string): Float32Array => numbers<Float32Array>(table, c);
  const metrics: Metrics = {
    epoch: col('epoch').subarray(0, S),
    testAccuracy: col('test_accuracy').subarray(0, S),
    trainAccuracy: col('train_accuracy').subarray(0, S),
    testLoss: col('test_loss').subarray(0, S),
    silhouette: perLayer(col('silhouette_layout'), L, S),
    silhouetteActivation: perLayer(col('silhouette_activation'), L, S),
    neighborhoodHit: perLayer(col('neighborhood_hit'), L, S),
    trustworthiness: perLayer(col('trustworthiness'), L, S),
  };
  const core: Core = { name, entry, n, L, S, labels, metrics };
  if (input) core.input = input;
  return core;
}

/** Builds the LayerViews of one layer from positions-l<layer>.arrow bytes (`layer` as in the manifest). */
export function assembleLayerViews(name: string, entry: ExperimentEntry, layer: number, bytes: Uint8Array): LayerViews {
  const n = entry.dataset.trace;
  const S = entry.snapshots.length;
  const file = `${name}/${tableFileName(POSITIONS, layer)}`;
  const table = decodeTable(bytes, POSITIONS, file);
  if (table.numRows !== n * S) {
    throw new DataError(file, 'schema', `${file} has ${table.numRows} rows; expected ${n} nodes × ${S} snapshots = ${n * S}.`);
  }
  checkViews(file, numbers<Int8Array>(table, 'layer'), numbers<Int16Array>(table, 'snapshot'), [layer], S, n);
  return { layer, n, xy: interleave(numbers<Int16Array>(table, 'x'), numbers<Int16Array>(table, 'y')), predicted: numbers<Int8Array>(table, 'predicted') };
}

/** Stored int16 coordinates as interleaved x, y in box units. */
function interleave(x: Int16Array, y: Int16Array): Float32Array {
  const xy = new Float32Array(x.length * 2);
  for (let i = 0; i < x.length; i++) {
    xy[2 * i] = coordinateOf(x[i]);
    xy[2 * i + 1] = coordinateOf(y[i]);
  }
  return xy;
}

function checkNodeIds(file: string, source: Int32Array, target: Int32Array, n: number): void {
  for (let r = 0; r < source.length; r++) {
    if (source[r] < 0 || source[r] >= n || target[r] < 0 || target[r] >= n) {
      throw new DataError(file, 'schema', `${file}: row ${r} links node ${source[r]} to ${target[r]}, outside 0 … ${n - 1}.`);
    }
  }
}

/**
 * Counts rows per group (`key(r)` in 0 … groups-1, non-decreasing) into offsets; throws naming
 * the row when a key is unknown or out of contract order.
 */
function groupOffsets(file: string, rows: number, groups: number, key: (r: number) => number, describe: (r: number) => string): Int32Array {
  const counts = new Int32Array(groups + 1);
  let previous = -1;
  for (let r = 0; r < rows; r++) {
    const k = key(r);
    if (k < 0 || k >= groups || k < previous) {
      throw new DataError(file, 'schema', `${file}: row ${r} (${describe(r)}) is unknown or out of contract order.`);
    }
    previous = k;
    counts[k + 1]++;
  }
  for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
  return counts;
}

/** Builds the Edges of one layer from edges-l<layer>.arrow bytes (`layer` as in the manifest). */
export function assembleEdges(name: string, entry: ExperimentEntry, layer: number, bytes: Uint8Array): Edges {
  const file = `${name}/${tableFileName(EDGES, layer)}`;
  const table = decodeTable(bytes, EDGES, file);
  const layers = numbers<Int8Array>(table, 'layer');
  const snapshot = numbers<Int16Array>(table, 'snapshot');
  const S = entry.snapshots.length;
  const offsets = groupOffsets(
    file,
    layers.length,
    S,
    (r) => (layers[r] === layer ? snapshot[r] : -1),
    (r) => `layer ${layers[r]}, snapshot ${snapshot[r]}`,
  );
  const source = numbers<Int32Array>(table, 'source');
  const target = numbers<Int32Array>(table, 'target');
  checkNodeIds(file, source, target, entry.dataset.trace);
  return { layer, source, target, offsets };
}

/** Builds the StepEdges of an experiment from step-edges.arrow bytes (last snapshot, every layer). */
export function assembleStepEdges(name: string, entry: ExperimentEntry, bytes: Uint8Array): StepEdges {
  const file = `${name}/${STEP_EDGES.file}`;
  const table = decodeTable(bytes, STEP_EDGES, file);
  const layers = numbers<Int8Array>(table, 'layer');
  const snapshot = numbers<Int16Array>(table, 'snapshot');
  const last = entry.snapshots.length - 1;
  const layerPos = new Map(entry.layers.map((l, i) => [l.index, i]));
  const offsets = groupOffsets(
    file,
    layers.length,
    entry.layers.length,
    (r) => (snapshot[r] === last ? (layerPos.get(layers[r]) ?? -1) : -1),
    (r) => `layer ${layers[r]}, snapshot ${snapshot[r]}; expected the last snapshot ${last}`,
  );
  const source = numbers<Int32Array>(table, 'source');
  const target = numbers<Int32Array>(table, 'target');
  checkNodeIds(file, source, target, entry.dataset.trace);
  return { source, target, offsets };
}

/** Builds the Steps of an experiment from steps.arrow bytes. */
export function assembleSteps(name: string, entry: ExperimentEntry, bytes: Uint8Array): Steps {
  const file = `${name}/${STEPS.file}`;
  const table = decodeTable(bytes, STEPS, file);
  const n = entry.dataset.trace;
  const L = entry.layers.length;
  const stages = n > 0 && L > 0 ? table.numRows / (n * L) : 0;
  if (!Number.isInteger(stages) || stages < 1) {
    throw new DataError(file, 'schema', `${file} has ${table.numRows} rows, not a whole number of stages of ${n} nodes × ${L} layers.`);
  }
  const layer = numbers<Int8Array>(table, 'layer');
  const stage = numbers<Int8Array>(table, 'stage');
  const node = numbers<Int32Array>(table, 'node');
  entry.layers.forEach((info, l) => {
    for (let st = 0; st < stages; st++) {
      for (const k of [0, n - 1]) {
        const r = (l * stages + st) * n + k;
        if (layer[r] !== info.index || stage[r] !== st || node[r] !== k) {
          throw new DataError(file, 'schema', `${file}: row ${r} should be node ${k} of layer ${info.index}, stage ${st}; the rows are not in contract order.`);
        }
      }
    }
  });
  return { n, stages, xy: interleave(numbers<Int16Array>(table, 'x'), numbers<Int16Array>(table, 'y')) };
}

/** The interleaved positions of one (layer position, stage) of steps.arrow (zero-copy). */
export function stepPositions(steps: Steps, layerPos: number, stage: number): Float32Array {
  const start = (layerPos * steps.stages + stage) * steps.n * 2;
  return steps.xy.subarray(start, start + steps.n * 2);
}

/** The display edges of the last snapshot of one layer position. */
export function stepEdgesOf(edges: StepEdges, layerPos: number): { source: Int32Array; target: Int32Array } {
  const start = edges.offsets[layerPos] ?? 0;
  const end = edges.offsets[layerPos + 1] ?? start;
  return { source: edges.source.subarray(start, end), target: edges.target.subarray(start, end) };
}

/** 28×28 thumbnails of every node (n × 784 bytes) from images.arrow bytes. */
export function assembleImages(name: string, entry: ExperimentEntry, bytes: Uint8Array): Uint8Array {
  const file = `${name}/${IMAGES.file}`;
  const table = decodeTable(bytes, IMAGES, file);
  const pixels = fixedListBytes(table, 'pixels');
  if (pixels.length !== entry.dataset.trace * 784) {
    throw new DataError(file, 'schema', `${file} holds ${pixels.length / 784} images; the manifest says ${entry.dataset.trace} trace samples.`);
  }
  return pixels;
}

/** The display edges of one snapshot of a layer's Edges as (source, target) subarrays. */
export function viewEdges(edges: Edges, snapshot: number): { source: Int32Array; target: Int32Array } {
  const start = edges.offsets[snapshot] ?? 0;
  const end = edges.offsets[snapshot + 1] ?? start;
  return { source: edges.source.subarray(start, end), target: edges.target.subarray(start, end) };
}
