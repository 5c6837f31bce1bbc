/**
 * Turns the decoded tables of one experiment into the arrays the figures draw from.
 * Pure functions of bytes, used by the browser (after fetch) and by the build (after fs read).
 */
import {
  EDGES,
  IMAGES,
  METRICS,
  NODES,
  POSITIONS,
  PROJECTIONS,
  REGIONS,
  REGION_GRID,
  STEPS,
  STEP_EDGES,
  STEP_STAGES,
  UNITS,
  coordinateOf,
  imageShapeOf,
  metricColumns,
  nodeCount,
  tableFileName,
  tableSpec,
  type ExperimentEntry,
  type RuleContext,
  type TableSpec,
} from '../../../../pipeline/contract.ts';
import { DataError } from './errors.ts';
import { loadTable, numbers, optionalNumbers, shapedBytes } from './table.ts';

/** Metrics by metrics-table column name (see the contract's METRICS), each indexed by snapshot. */
export interface Metrics {
  /** A per-snapshot column (`epoch`, `test_accuracy`, …): one value per snapshot. */
  snapshot(column: string): Float32Array;
  /** A per-view column (`silhouette_layout`, …) of the layer at `layerPos` (0 … L-1). */
  view(column: string, layerPos: number): Float32Array;
  /** Column names present, by source. */
  readonly columns: { readonly snapshot: readonly string[]; readonly view: readonly string[] };
}

/** What every training figure needs first: node labels and all metrics (layouts come per layer). */
export interface Core {
  name: string;
  entry: ExperimentEntry;
  /** Nodes (rows of nodes.arrow), layers and snapshots. */
  n: number;
  L: number;
  S: number;
  labels: Int8Array;
  /** Node kind per node (index into NODE_KINDS: 0 sample, 1 unit). */
  kinds: Int8Array;
  /** Per node: the same digit's key in every experiment (Nodes.sourceKeys). */
  sourceKeys: string[];
  /** 2-D toy sets: interleaved input coordinates scaled into [-1, 1]. */
  input?: Float32Array;
  /** 2-D toy sets: how input units map into the box (see fitInput). */
  inputFit?: InputFit;
  /** mlp-scrambled: the label each node was trained with, and 1 where it was scrambled. */
  assigned?: Int8Array;
  scrambled?: Int8Array;
  metrics: Metrics;
}

/** Input units → box units of a 2-D toy set: box = (input − centre) · scale. */
export interface InputFit {
  cx: number;
  cy: number;
  scale: number;
}

/** Every snapshot's linear view of one hidden layer (one projections-l<k>.arrow). */
export interface Projections {
  /** Layer index as in the manifest. */
  layer: number;
  /** Nodes in each view of this layer, and their ids (the same every snapshot, ascending). */
  n: number;
  nodeIds: Int32Array;
  /** Interleaved x, y in box units of every (snapshot, node) row, in file order. */
  xy: Float32Array;
}

/** Decision regions of a 2-D toy set at every snapshot (regions.arrow). */
export interface Regions {
  /** Cells per side of each snapshot's grid (row 0 at the top). */
  size: number;
  /** Predicted class and its probability × 255 of every (snapshot, row, column) cell. */
  predicted: Uint8Array;
  confidence: Uint8Array;
  /** x_min, x_max, y_min, y_max of every snapshot's grid, input units. */
  bounds: Float32Array;
}

/** Every snapshot's layout of one hidden layer (one positions-l<k>.arrow). */
export interface LayerViews {
  /** Layer index as in the manifest. */
  layer: number;
  /** Nodes in each view of this layer, and their ids (the same every snapshot, ascending). */
  n: number;
  nodeIds: Int32Array;
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
  /** mlp-bipartite: each edge's weight, the unit's recorded activation for the sample. */
  weight?: Float32Array;
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
  /** Node kind per node: index into the contract's NODE_KINDS (0 = sample, 1 = unit). */
  kinds: Int8Array;
  labels: Int8Array;
  /** 2-D toy sets: interleaved input coordinates scaled into [-1, 1]. */
  input?: Float32Array;
  inputFit?: InputFit;
  /** mlp-scrambled: the label each node was trained with, and 1 where it was scrambled. */
  assigned?: Int8Array;
  scrambled?: Int8Array;
  /** Where each node came from: `split:label:source_index` for samples (matches the same digit across experiments), '' for units. */
  sourceKeys: string[];
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

/** The interleaved positions of one snapshot of a layer's layouts or linear views (a zero-copy subarray). */
export function viewPositions(views: Pick<LayerViews, 'n' | 'xy'>, snapshot: number): Float32Array {
  const start = snapshot * views.n * 2;
  return views.xy.subarray(start, start + views.n * 2);
}

/** One node's position at every snapshot (interleaved x, y; S points): its path over training. */
export function nodeTrail(views: Pick<LayerViews, 'n' | 'xy'>, node: number): Float32Array {
  const S = views.n > 0 ? views.xy.length / (2 * views.n) : 0;
  const out = new Float32Array(2 * S);
  if (node < 0 || node >= views.n) return new Float32Array(0);
  for (let s = 0; s < S; s++) {
    out[2 * s] = views.xy[2 * (s * views.n + node)] ?? 0;
    out[2 * s + 1] = views.xy[2 * (s * views.n + node) + 1] ?? 0;
  }
  return out;
}

/** Whether the views carry the network's predictions (an imported run's are all -1: the folder gives none). */
export function hasPredictions(views: Pick<LayerViews, 'predicted'>): boolean {
  return views.predicted.some((p) => p >= 0);
}

/** Predictions of every node at one snapshot (the same in every layer's file). */
export function viewPredicted(views: LayerViews, snapshot: number): Int8Array {
  const start = snapshot * views.n;
  return views.predicted.subarray(start, start + views.n);
}

/**
 * Fits the inputs into the box: centred on their bounding box, the longer side spanning
 * [-1, 1] (the square regions.arrow is evaluated on).
 */
function fitInput(x: Float32Array, y: Float32Array): { xy: Float32Array; fit: InputFit } {
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
  const fit = { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, scale };
  const out = new Float32Array(x.length * 2);
  for (let i = 0; i < x.length; i++) {
    out[2 * i] = (x[i] - fit.cx) * scale;
    out[2 * i + 1] = (y[i] - fit.cy) * scale;
  }
  return { xy: out, fit };
}

function context(entry: ExperimentEntry, split?: number): RuleContext {
  return split === undefined ? { entry } : { entry, split };
}

/** The node count of every view of a layer (manifest `layers[].nodes`). */
export function layerNodes(entry: ExperimentEntry, layer: number): number {
  const info = entry.layers.find((l) => l.index === layer);
  if (!info)
    throw new DataError('manifest.json', 'schema', `manifest.json lists no layer ${layer}.`);
  return info.nodes;
}

/** Builds the Nodes of an experiment from nodes.arrow bytes. */
export function assembleNodes(name: string, entry: ExperimentEntry, bytes: Uint8Array): Nodes {
  const spec = kindSpec(entry, 'nodes', NODES);
  const nodes = loadTable(bytes, spec, `${name}/${spec.file}`, context(entry));
  const ix = optionalNumbers<Float32Array>(nodes, 'input_x');
  const iy = optionalNumbers<Float32Array>(nodes, 'input_y');
  const kinds = numbers<Int8Array>(nodes, 'kind');
  const labels = numbers<Int8Array>(nodes, 'label');
  const split = nodes.getChild('split').toArray() as ArrayLike<string | null>;
  const source = numbers<Int32Array>(nodes, 'source_index');
  // MNIST source indices count within a class: the key needs split, label and index.
  const sourceKeys = Array.from(kinds, (k, i) =>
    k === 0 ? `${split[i] ?? ''}:${labels[i]}:${source[i]}` : '',
  );
  const out: Nodes = { n: nodeCount(entry), kinds, labels, sourceKeys };
  if (ix && iy) {
    const { xy, fit } = fitInput(ix, iy);
    out.input = xy;
    out.inputFit = fit;
  }
  if (spec.columns.some((c) => c.name === 'assigned')) {
    out.assigned = numbers<Int8Array>(nodes, 'assigned');
    out.scrambled = numbers<Int8Array>(nodes, 'scrambled');
  }
  return out;
}

/** The experiment kind's own spec of a table role (a kind may extend nodes or metrics), else `fallback`. */
function kindSpec(entry: ExperimentEntry, role: string, fallback: TableSpec): TableSpec {
  return tableSpec(entry.kind, role) ?? fallback;
}

/** Metrics by column name from a decoded metrics table (rows: layer-major, S per layer). */
function metricsOf(table: ReturnType<typeof loadTable>, S: number, spec: TableSpec): Metrics {
  const present = (source: 'snapshot' | 'view'): string[] =>
    metricColumns(spec, source)
      .map((c) => c.name)
      .filter((c) => table.schema.fields.some((f) => f.name === c));
  const columns = { snapshot: present('snapshot'), view: present('view') };
  const cache = new Map<string, Float32Array>();
  const column = (c: string): Float32Array => {
    let values = cache.get(c);
    if (!values) {
      if (!columns.snapshot.includes(c) && !columns.view.includes(c))
        throw new Error(
          `metrics: no column "${c}" (known: ${[...columns.snapshot, ...columns.view].join(', ')})`,
        );
      const raw = numbers<Float32Array | Int16Array>(table, c);
      values = raw instanceof Float32Array ? raw : Float32Array.from(raw);
      cache.set(c, values);
    }
    return values;
  };
  return {
    columns,
    snapshot: (c) => column(c).subarray(0, S),
    view: (c, layerPos) => column(c).subarray(layerPos * S, (layerPos + 1) * S),
  };
}

/** Builds the Core of an experiment from its nodes and metrics bytes. */
export function assembleCore(
  name: string,
  entry: ExperimentEntry,
  bytes: { nodes: Uint8Array; metrics: Uint8Array },
): Core {
  const L = entry.layers.length;
  const S = entry.snapshots.length;
  const { n, labels, kinds, input, inputFit, assigned, scrambled, sourceKeys } = assembleNodes(
    name,
    entry,
    bytes.nodes,
  );
  const spec = kindSpec(entry, 'metrics', METRICS);
  const table = loadTable(bytes.metrics, spec, `${name}/${spec.file}`, context(entry));
  const core: Core = {
    name,
    entry,
    n,
    L,
    S,
    labels,
    kinds,
    sourceKeys,
    metrics: metricsOf(table, S, spec),
  };
  if (input) core.input = input;
  if (inputFit) core.inputFit = inputFit;
  if (assigned && scrambled) Object.assign(core, { assigned, scrambled });
  return core;
}

/** Builds the LayerViews of one layer from positions-l<layer>.arrow bytes (`layer` as in the manifest). */
export function assembleLayerViews(
  name: string,
  entry: ExperimentEntry,
  layer: number,
  bytes: Uint8Array,
): LayerViews {
  const n = layerNodes(entry, layer);
  const table = loadTable(
    bytes,
    POSITIONS,
    `${name}/${tableFileName(POSITIONS, layer)}`,
    context(entry, layer),
  );
  return {
    layer,
    n,
    nodeIds: numbers<Int32Array>(table, 'node').subarray(0, n),
    xy: interleave(numbers<Int16Array>(table, 'x'), numbers<Int16Array>(table, 'y')),
    predicted: numbers<Int8Array>(table, 'predicted'),
  };
}

/** Builds the Projections of one layer from projections-l<layer>.arrow bytes (`layer` as in the manifest). */
export function assembleProjections(
  name: string,
  entry: ExperimentEntry,
  layer: number,
  bytes: Uint8Array,
): Projections {
  const n = layerNodes(entry, layer);
  const table = loadTable(
    bytes,
    PROJECTIONS,
    `${name}/${tableFileName(PROJECTIONS, layer)}`,
    context(entry, layer),
  );
  return {
    layer,
    n,
    nodeIds: numbers<Int32Array>(table, 'node').subarray(0, n),
    xy: interleave(numbers<Int16Array>(table, 'x'), numbers<Int16Array>(table, 'y')),
  };
}

/** Builds the Regions of a 2-D toy experiment from regions.arrow bytes. */
export function assembleRegions(name: string, entry: ExperimentEntry, bytes: Uint8Array): Regions {
  const table = loadTable(bytes, REGIONS, `${name}/${REGIONS.file}`, context(entry));
  const S = entry.snapshots.length;
  const edges = ['x_min', 'x_max', 'y_min', 'y_max'].map((c) => numbers<Float32Array>(table, c));
  const bounds = new Float32Array(4 * S);
  for (let s = 0; s < S; s++) for (let k = 0; k < 4; k++) bounds[4 * s + k] = edges[k]?.[s] ?? 0;
  return {
    size: REGION_GRID,
    predicted: shapedBytes(table, 'predicted'),
    confidence: shapedBytes(table, 'confidence'),
    bounds,
  };
}

/** One snapshot's grid: predicted class and confidence per cell (zero-copy), and its bounds. */
export function viewRegions(
  regions: Regions,
  snapshot: number,
): { predicted: Uint8Array; confidence: Uint8Array; bounds: Float32Array } {
  const cells = regions.size * regions.size;
  return {
    predicted: regions.predicted.subarray(snapshot * cells, (snapshot + 1) * cells),
    confidence: regions.confidence.subarray(snapshot * cells, (snapshot + 1) * cells),
    bounds: regions.bounds.subarray(4 * snapshot, 4 * snapshot + 4),
  };
}

/** A grid's bounds (x_min, x_max, y_min, y_max, input units) in box units, as [left, bottom, right, top]. */
export function regionBox(
  bounds: ArrayLike<number>,
  fit: InputFit,
): [number, number, number, number] {
  const bx = (x: number) => (x - fit.cx) * fit.scale;
  const by = (y: number) => (y - fit.cy) * fit.scale;
  return [bx(bounds[0] ?? 0), by(bounds[2] ?? 0), bx(bounds[1] ?? 0), by(bounds[3] ?? 0)];
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

/**
 * Counts rows per group (`key(r)` in 0 … groups-1, non-decreasing) into offsets; throws naming
 * the row when a key is unknown or out of contract order.
 */
function groupOffsets(
  file: string,
  rows: number,
  groups: number,
  key: (r: number) => number,
  describe: (r: number) => string,
): Int32Array {
  const counts = new Int32Array(groups + 1);
  let previous = -1;
  for (let r = 0; r < rows; r++) {
    const k = key(r);
    if (k < 0 || k >= groups || k < previous) {
      throw new DataError(
        file,
        'schema',
        `${file}: row ${r} (${describe(r)}) is unknown or out of contract order.`,
      );
    }
    previous = k;
    counts[k + 1]++;
  }
  for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
  return counts;
}

/** Builds the Edges of one layer from edges-l<layer>.arrow bytes (`layer` as in the manifest). */
export function assembleEdges(
  name: string,
  entry: ExperimentEntry,
  layer: number,
  bytes: Uint8Array,
): Edges {
  const spec = kindSpec(entry, 'edges', EDGES);
  const file = `${name}/${tableFileName(spec, layer)}`;
  const table = loadTable(bytes, spec, file, context(entry, layer));
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
  const edges: Edges = {
    layer,
    source: numbers<Int32Array>(table, 'source'),
    target: numbers<Int32Array>(table, 'target'),
    offsets,
  };
  if (spec.columns.some((c) => c.name === 'weight' && c.type === 'float32'))
    edges.weight = numbers<Float32Array>(table, 'weight');
  return edges;
}

/**
 * Edges by node id (as stored) → by index in a view whose node ids are `nodeIds` (ascending);
 * the same arrays when the view holds every node in order. Edges to nodes outside the view are an error.
 */
export function edgesInView<E extends { source: Int32Array; target: Int32Array }>(
  edges: E,
  nodeIds: Int32Array,
): E {
  if (nodeIds.every((id, i) => id === i)) return edges;
  const index = (id: number): number => {
    let lo = 0;
    let hi = nodeIds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = nodeIds[mid] ?? 0;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new Error(`edges: node ${id} is not in this view`);
  };
  return { ...edges, source: edges.source.map(index), target: edges.target.map(index) };
}

/** What every unit does at every snapshot (units.arrow, mlp-bipartite). */
export interface Units {
  /** Units per snapshot, and the node id of the first (units are the last nodes, contiguous). */
  count: number;
  first: number;
  /** Per (snapshot, unit) row: dominant class (−1 dead), selectivity 0 … 1, 1 if dead. */
  dominant: Int8Array;
  selectivity: Float32Array;
  dead: Int8Array;
}

/** Builds the Units of an experiment from units.arrow bytes. */
export function assembleUnits(name: string, entry: ExperimentEntry, bytes: Uint8Array): Units {
  const table = loadTable(bytes, UNITS, `${name}/${UNITS.file}`, context(entry));
  const count = entry.nodes.unit ?? 0;
  return {
    count,
    first: nodeCount(entry) - count,
    dominant: numbers<Int8Array>(table, 'dominant'),
    selectivity: numbers<Float32Array>(table, 'selectivity'),
    dead: numbers<Int8Array>(table, 'dead'),
  };
}

/** The row of a unit (by node id) at a snapshot in Units' columns. */
export function unitRow(units: Units, snapshot: number, node: number): number {
  return snapshot * units.count + node - units.first;
}

/** Builds the StepEdges of an experiment from step-edges.arrow bytes (last snapshot, every layer). */
export function assembleStepEdges(
  name: string,
  entry: ExperimentEntry,
  bytes: Uint8Array,
): StepEdges {
  const file = `${name}/${STEP_EDGES.file}`;
  const table = loadTable(bytes, STEP_EDGES, file, context(entry));
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
  return {
    source: numbers<Int32Array>(table, 'source'),
    target: numbers<Int32Array>(table, 'target'),
    offsets,
  };
}

/** Builds the Steps of an experiment from steps.arrow bytes (every layer's views have the same nodes). */
export function assembleSteps(name: string, entry: ExperimentEntry, bytes: Uint8Array): Steps {
  const table = loadTable(bytes, STEPS, `${name}/${STEPS.file}`, context(entry));
  const n = entry.layers[0]?.nodes ?? 0;
  return {
    n,
    stages: STEP_STAGES,
    xy: interleave(numbers<Int16Array>(table, 'x'), numbers<Int16Array>(table, 'y')),
  };
}

/** The interleaved positions of one (layer position, stage) of steps.arrow (zero-copy). */
export function stepPositions(steps: Steps, layerPos: number, stage: number): Float32Array {
  const start = (layerPos * steps.stages + stage) * steps.n * 2;
  return steps.xy.subarray(start, start + steps.n * 2);
}

/** The display edges of the last snapshot of one layer position. */
export function stepEdgesOf(
  edges: StepEdges,
  layerPos: number,
): { source: Int32Array; target: Int32Array } {
  const start = edges.offsets[layerPos] ?? 0;
  const end = edges.offsets[layerPos + 1] ?? start;
  return { source: edges.source.subarray(start, end), target: edges.target.subarray(start, end) };
}

/**
 * The sample images of an experiment, as a node card draws them: the built-in datasets'
 * 28×28 grey thumbnails (IMAGES: drawn as ink in the text colour, 0 = background), or an
 * imported run's images at the shape its manifest gives (IMPORTED_IMAGES: grey or RGB, drawn
 * as given).
 */
export interface Thumbnails {
  /** samples × height × width × channels bytes, row-major, channels interleaved. */
  pixels: Uint8Array;
  height: number;
  width: number;
  /** 1: grey; 3: RGB. */
  channels: number;
  /** Grey drawn as ink (alpha) in the text colour on the card, 0 = background; else opaque, as given. */
  ink: boolean;
}

/** The built-in thumbnails' shape (the contract's IMAGES: 28×28 grey, ink). */
const INK_SHAPE = (() => {
  const pixels = IMAGES.columns.find((c) => c.name === 'pixels');
  return { height: pixels?.shape?.[0] ?? 0, width: pixels?.shape?.[1] ?? 0 };
})();

/** 28×28 grey ink images (the contract's IMAGES shape: decoded VAE images, saliency) as Thumbnails. */
export function inkThumbnails(pixels: Uint8Array): Thumbnails {
  return { pixels, ...INK_SHAPE, channels: 1, ink: true };
}

/** The sample images of an experiment from its images.arrow bytes (its kind's images table). */
export function assembleImages(
  name: string,
  entry: ExperimentEntry,
  bytes: Uint8Array,
): Thumbnails {
  const spec = kindSpec(entry, 'images', IMAGES);
  const table = loadTable(bytes, spec, `${name}/${spec.file}`, context(entry));
  const column = spec.columns.find((c) => c.name === 'pixels');
  const shape = column ? imageShapeOf(column, entry) : undefined;
  if (!column || !shape)
    throw new DataError(
      `${name}/${spec.file}`,
      'schema',
      `${name}/${spec.file}: the manifest gives no image shape.`,
    );
  const [height, width, channels] = shape;
  return { pixels: shapedBytes(table, 'pixels'), height, width, channels, ink: !!column.shape };
}

/** The display edges of one snapshot of a layer's Edges as (source, target) subarrays. */
export function viewEdges(edges: Edges, snapshot: number): ViewEdgeList {
  const start = edges.offsets[snapshot] ?? 0;
  const end = edges.offsets[snapshot + 1] ?? start;
  const out: ViewEdgeList = {
    source: edges.source.subarray(start, end),
    target: edges.target.subarray(start, end),
  };
  if (edges.weight) out.weight = edges.weight.subarray(start, end);
  return out;
}

/** One snapshot's display edges (and weights, where the table has them). */
export interface ViewEdgeList {
  source: Int32Array;
  target: Int32Array;
  weight?: Float32Array;
}
