/**
 * The data contract between the pipeline (writer) and the site (reader).
 * This file is the only thing both sides import, so it must stay dependency-free:
 * the site bundles it, the pipeline validates against it (`npm run pipeline -- check`).
 * The table rules below (row counts, sort order, id ranges, value ranges) are implemented
 * once, in `tableProblems`, and run by both `check` and the site's table loader.
 */

/**
 * Bump when a file's columns, types, sort order or meaning change.
 * 5: metrics.arrow and fidelity.arrow gain local_radius_r and visible_share.
 */
export const SCHEMA_VERSION = 5;

export const MANIFEST_FILE = 'manifest.json';

// How a layout is drawn (camera, dot radius): shared by the renderer and the visible_share metric.
export * from './contract-drawing.ts';
import {
  DOT_RADIUS_MIN,
  DOT_SPACING_SHARE,
  EXTENT_MARGIN,
  EXTENT_QUANTILE,
  REFERENCE_PANEL_PX,
  dotRadiusMax,
} from './contract-drawing.ts';

/** Layout positions are fitted into [-BOX, BOX]² at every snapshot. */
export const BOX = 1;

/**
 * Layout coordinates are stored as int16: `x = stored / COORD_SCALE · BOX`. One step is
 * 1/32,767 of the half-box, about a thousandth of a pixel on a 600-pixel figure, and the
 * files are half the size of float32 (the site's data budget is per figure).
 */
export const COORD_SCALE = 32767;

/** A box coordinate as stored (clamped to the box, rounded to the nearest step). */
export function quantiseCoordinate(value: number): number {
  const v = Math.max(-BOX, Math.min(BOX, value));
  return Math.round((v / BOX) * COORD_SCALE);
}

/** A stored coordinate back in box units. */
export function coordinateOf(stored: number): number {
  return (stored / COORD_SCALE) * BOX;
}

/** Edge weights in (0, 1] are stored as uint8: `weight = stored / WEIGHT_SCALE`, 1 … 255. */
export const WEIGHT_SCALE = 255;

/** A kernel weight as stored (at least 1, so no stored edge has weight 0). */
export function quantiseWeight(weight: number): number {
  return Math.max(1, Math.min(WEIGHT_SCALE, Math.round(weight * WEIGHT_SCALE)));
}

/**
 * Gradient norms are stored as uint8 codes on a log scale fixed per (layer, snapshot) (manifest
 * `layers[].gradNormLog10[snapshot]` = [lo, hi], log10 of the smallest positive and largest
 * norm among the layer's trace samples at that snapshot): 0 = exactly zero, 1 … GRAD_CODE_MAX =
 * lo … hi in equal log steps. A decoded norm is within half a step, (hi − lo) / (2 ·
 * (GRAD_CODE_MAX − 1)) decades, of the true one. Per snapshot, because the spread within one
 * snapshot is what the figure ranks: at initialisation the norms span 0.1 decade, and one range
 * over the layer's ≈ 15 decades of training put them on 2–3 codes.
 */
export const GRAD_CODE_MAX = 255;

/** [log10 min, log10 max] of the positive values (zeros ignored); [0, 0] when there are none. */
export function gradNormRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (v > 0) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [Math.log10(lo), Math.log10(hi)] : [0, 0];
}

/** A gradient norm as stored: its uint8 code on the log range [lo, hi]. */
export function encodeGradNorm(value: number, [lo, hi]: readonly [number, number]): number {
  if (!(value > 0)) return 0;
  const t = hi > lo ? (Math.log10(value) - lo) / (hi - lo) : 0;
  return 1 + Math.max(0, Math.min(GRAD_CODE_MAX - 1, Math.round(t * (GRAD_CODE_MAX - 1))));
}

/** A stored code back as a gradient norm. */
export function decodeGradNorm(code: number, [lo, hi]: readonly [number, number]): number {
  if (code <= 0) return 0;
  return 10 ** (lo + ((code - 1) / (GRAD_CODE_MAX - 1)) * (hi - lo));
}

/**
 * vae-beta: a latent is in the polarised regime (Rolínek et al. 2019) when its mean posterior
 * variance E_x σ_j²(x) is below the first bound (active, σ² ≪ 1) or above the second (passive,
 * σ² ≈ 1). The pipeline's probe (vae/probe.ts) and the docs read these.
 */
export const POLARISED_BOUNDS = [0.1, 0.9] as const;

/** What a node is: a traced sample or a hidden unit (neuron). Stored as its index in `kind`. */
export const NODE_KINDS = ['sample', 'unit'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Column element types; the writer maps them to Arrow types, the checker verifies them. */
export type ColumnType = 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'float32' | 'utf8';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Image columns: FixedSizeList<type>[h·w·channels] per row, with this [h, w] or [h, w, channels] shape (row-major). */
  readonly shape?: readonly number[];
  /**
   * Image columns whose shape the manifest gives (an experiment's `images`: height, width,
   * channels): FixedSizeList<type>[height·width·channels] per row, row-major, channels
   * interleaved (so it differs from experiment to experiment).
   */
  readonly shapeFrom?: 'images';
  /**
   * Vector columns of per-layer files: FixedSizeList<type>[width] per row, the width being the
   * manifest's `layers[].width` of the file's layer (so it differs from file to file).
   */
  readonly vector?: 'layerWidth';
  /** Present only for some experiments (for example `input_x` for 2-D toy sets). */
  readonly optional?: boolean;
  /** Values are node ids: 0 … (nodes in the experiment) − 1. */
  readonly nodeId?: true;
  /** Inclusive range every stored value must lie in. */
  readonly range?: readonly [number, number];
  /**
   * Metrics tables: where a column's values come from. `key` columns are written by the
   * recorder, `snapshot` columns by the training loop (one value per snapshot, repeated per
   * split), `view` columns by the view stage's metric of the same name.
   */
  readonly source?: 'key' | 'snapshot' | 'view';
  /** Log-coded columns of per-layer files: the manifest layer field holding the code's [lo, hi] per snapshot (see GRAD_CODE_MAX). */
  readonly codeRange?: 'gradNormLog10';
  readonly doc: string;
}

/** Axes a table can be split on, one file per value: a hidden layer, or a β of a sweep. */
export type SplitAxis = 'layer' | 'beta';

/** File-name letter of each split axis: `positions-l3.arrow`, `latents-b3.arrow`. */
export const SPLIT_LETTER: Record<SplitAxis, string> = { layer: 'l', beta: 'b' };

/**
 * How many rows a table holds, as a product of counts the manifest gives:
 * `nodes` (rows of nodes.arrow), `samples` (its sample nodes), `units` (its unit nodes), `snapshots`, `splits` (views
 * along the split axis, e.g. hidden layers), `viewNodes` (nodes of the file's split's views),
 * `stages` (STEP_STAGES), or a fixed number. `viewNodes` summed over splits when the table
 * is not split but holds every split (steps.arrow). Absent: any number (edges).
 */
export type RowFactor =
  'nodes' | 'samples' | 'units' | 'snapshots' | 'splits' | 'viewNodes' | 'stages' | number;

export interface TableSpec {
  readonly file: string;
  readonly doc: string;
  /** Rows are sorted ascending by these columns, in this order. */
  readonly sortedBy: readonly string[];
  /** One file per value of this axis (`edges-l2.arrow`), so a figure fetches only the view it shows; its split column holds that value only. */
  readonly splitBy?: SplitAxis;
  /** Tables keyed by a split axis but holding every value in one file (a β sweep's metrics): the axis their `splits` row factor and key column refer to. @default 'layer' */
  readonly axis?: SplitAxis;
  /** Row count rule; see RowFactor. */
  readonly rows?: readonly RowFactor[];
  readonly columns: readonly ColumnSpec[];
}

/** Layout stages stored in steps.arrow per layer: spectral, ForceAtlas2 cold, published. */
export const STEP_STAGES = 3;

export const NODES: TableSpec = {
  file: 'nodes.arrow',
  doc: 'One row per node: the trace samples and, for experiments that draw them, hidden units. The node order never changes across snapshots.',
  sortedBy: ['node'],
  rows: ['nodes'],
  columns: [
    {
      name: 'node',
      type: 'int32',
      nodeId: true,
      doc: 'node id, 0 … nodes-1, equal to the row number',
    },
    {
      name: 'kind',
      type: 'int8',
      range: [0, NODE_KINDS.length - 1],
      doc: `what the node is: ${NODE_KINDS.map((k, i) => `${i} = ${k}`).join(', ')}`,
    },
    {
      name: 'label',
      type: 'int8',
      range: [-1, 127],
      doc: 'samples: true class, 0 … classes-1; units: -1',
    },
    {
      name: 'split',
      type: 'utf8',
      doc: "samples: 'train' or 'test' (which split the sample came from); units: ''",
    },
    {
      name: 'source_index',
      type: 'int32',
      doc: 'samples: index in its dataset (per-class index for MNIST); units: index of the unit in its layer',
    },
    {
      name: 'unit_layer',
      type: 'int8',
      optional: true,
      doc: 'units: the hidden layer the unit belongs to; samples: 0',
    },
    {
      name: 'input_x',
      type: 'float32',
      optional: true,
      doc: '2-D toy sets: first input coordinate',
    },
    {
      name: 'input_y',
      type: 'float32',
      optional: true,
      doc: '2-D toy sets: second input coordinate',
    },
  ],
};

export const IMAGES: TableSpec = {
  file: 'images.arrow',
  doc: 'Image datasets only: the 28×28 greyscale thumbnail of every sample node, row-major, 0 = background.',
  sortedBy: ['node'],
  rows: ['samples'],
  columns: [
    { name: 'node', type: 'int32', nodeId: true, doc: 'node id, as in nodes.arrow' },
    {
      name: 'pixels',
      type: 'uint8',
      shape: [28, 28],
      doc: '28×28 uint8 pixels, row-major (FixedSizeList<uint8>[784])',
    },
  ],
};

/**
 * Longest side of an imported image as published, in pixels: a larger images.npy is shrunk by
 * area averaging (aspect ratio kept) so its longer side is this. A node card draws the image
 * 56 CSS px on its longer side, so 64 px keeps it sharp on a 2× screen while every image stays
 * at most 64 × 64 × 3 = 12 KiB (500 samples: 6 MB, fetched when the first card opens).
 */
export const IMAGE_MAX_SIDE = 64;

/** The shape of an experiment's images where the manifest gives it (`images`, imported runs). */
export interface ImageShape {
  readonly height: number;
  readonly width: number;
  /** 1: grey (0 = black … 255 = white); 3: RGB. */
  readonly channels: number;
}

/** Why an image shape is not one the contract allows, or undefined when it is. */
export function imageShapeProblem(shape: ImageShape): string | undefined {
  const side = (v: number) => Number.isInteger(v) && v >= 1 && v <= IMAGE_MAX_SIDE;
  if (!side(shape.height) || !side(shape.width))
    return `height ${String(shape.height)} and width ${String(shape.width)} must be whole numbers 1 … ${IMAGE_MAX_SIDE}`;
  if (shape.channels !== 1 && shape.channels !== 3)
    return `channels ${String(shape.channels)} must be 1 (grey) or 3 (RGB)`;
  return undefined;
}

/**
 * The images of an imported run: the folder's images.npy as given, grey or RGB, shrunk so the
 * longer side is at most IMAGE_MAX_SIDE (the published MNIST thumbnails keep IMAGES).
 */
export const IMPORTED_IMAGES: TableSpec = {
  file: 'images.arrow',
  doc: `imported: the image of every sample node, as the folder’s images.npy gave it (grey, 0 = black … 255 = white, or RGB), shrunk by area averaging so its longer side is at most ${IMAGE_MAX_SIDE} px (aspect ratio kept; smaller images as they are). Its height, width and channels are the manifest’s images field.`,
  sortedBy: ['node'],
  rows: ['samples'],
  columns: [
    { name: 'node', type: 'int32', nodeId: true, doc: 'node id, as in nodes.arrow' },
    {
      name: 'pixels',
      type: 'uint8',
      shapeFrom: 'images',
      doc: 'height × width × channels uint8 values, row-major, channels interleaved (RGB RGB …)',
    },
  ],
};

/** The stored layout coordinates of positions and steps (int16, see COORD_SCALE). */
const COORDINATES: readonly ColumnSpec[] = ['x', 'y'].map((axis) => ({
  name: axis,
  type: 'int16',
  range: [-COORD_SCALE, COORD_SCALE],
  doc: `layout ${axis}; ${axis} / ${COORD_SCALE} is in [-${BOX}, ${BOX}]`,
}));

const LAYER: ColumnSpec = {
  name: 'layer',
  type: 'int8',
  doc: 'hidden layer, 1 … L (see manifest layers)',
};
const SNAPSHOT: ColumnSpec = {
  name: 'snapshot',
  type: 'int16',
  doc: 'snapshot index, 0 … S-1 (see manifest snapshots)',
};
/** The columns of a per-layer table of 2-D views: where each node of each (layer, snapshot) is drawn. */
const VIEW_XY: readonly ColumnSpec[] = [
  LAYER,
  SNAPSHOT,
  { name: 'node', type: 'int32', nodeId: true, doc: 'node id' },
  ...COORDINATES,
];

/** A per-layer table with one value per (snapshot, view node), rows as in positions-l<layer>.arrow. */
function perViewNodeTable(file: string, doc: string, value: ColumnSpec): TableSpec {
  return {
    file,
    splitBy: 'layer',
    rows: ['viewNodes', 'snapshots'],
    doc,
    sortedBy: ['layer', 'snapshot', 'node'],
    columns: [...VIEW_XY.slice(0, 3), value],
  };
}

export const POSITIONS: TableSpec = {
  file: 'positions.arrow',
  splitBy: 'layer',
  rows: ['viewNodes', 'snapshots'],
  doc: 'Layout of every snapshot, one file per layer (positions-l<layer>.arrow): the layer’s view nodes (manifest layers[].nodes) per snapshot, contiguous, so one view is a slice; the node ids of every snapshot are the same, ascending. Metrics were computed on the layout before it was rounded to int16. The layout of the kNN views (mlp-bipartite’s neuron × sample graph instead runs ForceAtlas2 alone, warm-started, with dead units on a fixed ring): kNN graph (fuzzy kernel) → spectral layout → ForceAtlas2 → a neighbour embedding at the first snapshot (t-SNE with perplexity-30 affinities over 90 neighbours, exaggeration 1, Barnes-Hut repulsion, and a densMAP-style term that keeps local density); every later snapshot continues from the previous layout, each node with a step proportional to how much its graph neighbourhood changed (at least 20 × the mean change; when nothing changed nothing moves), then Procrustes-aligned to the previous snapshot and fitted into the box. Chosen by measurement on the attraction–repulsion spectrum: t-SNE’s end kept the most neighbours and drew the fewest dots over each other (fidelity.arrow compares it with plain t-SNE, umap-js and PCA).',
  sortedBy: ['layer', 'snapshot', 'node'],
  columns: [
    ...VIEW_XY,
    {
      name: 'predicted',
      type: 'int8',
      range: [-1, 127],
      doc: 'samples: class the network predicts at this snapshot; units: -1',
    },
  ],
};

export const PROJECTIONS: TableSpec = {
  file: 'projections.arrow',
  splitBy: 'layer',
  rows: ['viewNodes', 'snapshots'],
  doc: 'A linear view of the same views, one file per layer (projections-l<layer>.arrow): each snapshot’s activations projected on their top two principal components, rotated, reflected and scaled (Procrustes) onto the previous snapshot’s projection and fitted into the box. Unlike the graph layout, it shows linear separation.',
  sortedBy: ['layer', 'snapshot', 'node'],
  columns: VIEW_XY,
};

/** Cells per side of the decision-region grid of 2-D toy sets. */
export const REGION_GRID = 48;

export const REGIONS: TableSpec = {
  file: 'regions.arrow',
  rows: ['snapshots'],
  doc: `2-D toy sets only: the network’s decision regions at every snapshot, evaluated on a ${REGION_GRID}×${REGION_GRID} grid over the input plane (the square centred on the trace inputs’ bounding box, its side the box’s longer side: the square the site draws the input panel in). Row r, column c of a grid is the cell centred at x = x_min + (c + ½)·(x_max − x_min)/${REGION_GRID}, y = y_max − (r + ½)·(y_max − y_min)/${REGION_GRID} (row 0 at the top, as in an image).`,
  sortedBy: ['snapshot'],
  columns: [
    SNAPSHOT,
    {
      name: 'predicted',
      type: 'uint8',
      shape: [REGION_GRID, REGION_GRID],
      doc: 'class the network predicts at each cell centre',
    },
    {
      name: 'confidence',
      type: 'uint8',
      shape: [REGION_GRID, REGION_GRID],
      doc: 'its softmax probability × 255 (rounded)',
    },
    { name: 'x_min', type: 'float32', doc: 'left edge of the grid, input units' },
    { name: 'x_max', type: 'float32', doc: 'right edge of the grid, input units' },
    { name: 'y_min', type: 'float32', doc: 'bottom edge of the grid, input units' },
    { name: 'y_max', type: 'float32', doc: 'top edge of the grid, input units' },
  ],
};

export const EDGES: TableSpec = {
  file: 'edges.arrow',
  splitBy: 'layer',
  doc: 'Display edges per (layer, snapshot), one file per layer (edges-l<layer>.arrow): each node keeps its strongest graph edges, deduplicated with source < target.',
  sortedBy: ['layer', 'snapshot', 'source', 'target'],
  columns: [
    LAYER,
    SNAPSHOT,
    { name: 'source', type: 'int32', nodeId: true, doc: 'node id, source < target' },
    { name: 'target', type: 'int32', nodeId: true, doc: 'node id' },
    {
      name: 'weight',
      type: 'uint8',
      range: [1, WEIGHT_SCALE],
      doc: `edge weight of the view’s graph; weight / ${WEIGHT_SCALE} is in (0, 1]`,
    },
  ],
};

/** Per-view metric columns shared by every experiment that lays out views. */
export const VIEW_METRIC_COLUMNS: readonly ColumnSpec[] = [
  {
    name: 'silhouette_activation',
    type: 'float32',
    source: 'view',
    doc: 'silhouette by class, Euclidean, in activation space',
  },
  {
    name: 'silhouette_layout',
    type: 'float32',
    source: 'view',
    doc: 'silhouette by class, Euclidean, in the 2-D layout',
  },
  {
    name: 'neighborhood_hit',
    type: 'float32',
    source: 'view',
    doc: 'mean share of a node’s 10 layout neighbours with its class',
  },
  {
    name: 'trustworthiness',
    type: 'float32',
    source: 'view',
    doc: 'trustworthiness@10 of the layout w.r.t. activation space',
  },
  {
    name: 'continuity',
    type: 'float32',
    source: 'view',
    doc: 'continuity@10 of the layout w.r.t. activation space',
  },
  {
    name: 'knn_preservation',
    type: 'float32',
    source: 'view',
    doc: 'mean overlap of the 10-NN sets in activation space and layout',
  },
  {
    name: 'local_radius_r',
    type: 'float32',
    source: 'view',
    range: [-1, 1],
    doc: 'density preservation (densMAP’s measure, Narayan, Berger & Cho 2021): Pearson correlation over nodes of log local radius in activation space and in the layout, local radius = mean squared distance to the node’s 10 nearest neighbours in that space (each space’s own kNN, unweighted); 1: a tight region in activation space is as much tighter in the picture',
  },
  {
    name: 'visible_share',
    type: 'float32',
    source: 'view',
    range: [0, 1],
    doc: `share of nodes whose dot centre is visible when the layout is drawn as the site draws it in a ${REFERENCE_PANEL_PX}-pixel square panel (camera: a square round the ${EXTENT_QUANTILE * 100}–${100 - EXTENT_QUANTILE * 100}th percentile extent of each axis, widened by ${EXTENT_MARGIN * 100} % on each side; dot radius r: ${DOT_SPACING_SHARE} × the median pixel distance from a dot to its nearest other dot, within ${DOT_RADIUS_MIN} … ${dotRadiusMax(REFERENCE_PANEL_PX)} px; later nodes drawn on top): the centre is inside the panel and no later node’s centre is closer than r`,
  },
  {
    name: 'displacement',
    type: 'float32',
    source: 'view',
    doc: 'mean node displacement from the previous snapshot, box units (0 at snapshot 0)',
  },
  {
    name: 'class_displacement',
    type: 'float32',
    source: 'view',
    doc: 'mean over classes of how far the class centroid moved since the previous snapshot, box units (0 at snapshot 0)',
  },
  {
    name: 'linear_probe',
    type: 'float32',
    source: 'view',
    range: [0, 1],
    doc: 'held-out accuracy of a seeded multinomial logistic regression on the layer’s activations (fitted on a class-balanced half of the samples, scored on the other half), 0 … 1',
  },
  {
    name: 'dead_units',
    type: 'int16',
    source: 'view',
    doc: 'units of this layer that are zero for every trace sample',
  },
];

export const METRICS: TableSpec = {
  file: 'metrics.arrow',
  doc: 'One row per (layer, snapshot): structure metrics, plus that snapshot’s loss and accuracy (repeated across layers).',
  sortedBy: ['layer', 'snapshot'],
  rows: ['splits', 'snapshots'],
  columns: [
    { ...LAYER, source: 'key' },
    { ...SNAPSHOT, source: 'key' },
    {
      name: 'epoch',
      type: 'float32',
      source: 'snapshot',
      doc: 'training progress in epochs (0 = initialisation; fractions inside epoch 1)',
    },
    {
      name: 'train_loss',
      type: 'float32',
      source: 'snapshot',
      doc: 'cross-entropy on the training split',
    },
    {
      name: 'train_accuracy',
      type: 'float32',
      source: 'snapshot',
      range: [0, 1],
      doc: 'accuracy on the training split, 0 … 1',
    },
    {
      name: 'test_loss',
      type: 'float32',
      source: 'snapshot',
      doc: 'cross-entropy on the test split',
    },
    {
      name: 'test_accuracy',
      type: 'float32',
      source: 'snapshot',
      range: [0, 1],
      doc: 'accuracy on the test split, 0 … 1',
    },
    ...VIEW_METRIC_COLUMNS,
  ],
};

/**
 * imported (a user's own network, `npm run pipeline -- import`): the metrics table of
 * mlp-classes, with the snapshot columns the user gave in metrics.json; any they did not
 * give is absent from the file (never zero).
 */
export const IMPORTED_METRICS: TableSpec = {
  ...METRICS,
  doc: 'imported: one row per (layer, snapshot): the structure metrics of every view, plus the snapshot metrics the user gave in metrics.json (repeated across layers); a loss or accuracy not given is absent from the file, not zero.',
  columns: METRICS.columns.map((c) =>
    c.source === 'snapshot' && c.name !== 'epoch' ? { ...c, optional: true } : c,
  ),
};

export const STEPS: TableSpec = {
  file: 'steps.arrow',
  doc: 'How one layout is built, for the last snapshot of every layer: stage 0 = spectral layout of its graph, 1 = ForceAtlas2 run cold from that start, 2 = the published (warm-started) layout. Stages 0 and 1 are Procrustes-aligned to stage 2 and fitted into the box.',
  sortedBy: ['layer', 'stage', 'node'],
  rows: ['viewNodes', 'stages'],
  columns: [
    LAYER,
    {
      name: 'stage',
      type: 'int8',
      range: [0, STEP_STAGES - 1],
      doc: '0 spectral, 1 ForceAtlas2 from the spectral start, 2 published layout',
    },
    { name: 'node', type: 'int32', nodeId: true, doc: 'node id' },
    ...COORDINATES,
  ],
};

export const STEP_EDGES: TableSpec = {
  file: 'step-edges.arrow',
  doc: 'The display edges of the snapshot shown in steps.arrow (the last one), every layer in one small file.',
  sortedBy: ['layer', 'snapshot', 'source', 'target'],
  columns: EDGES.columns,
};

/** Opt-in export (`--activations`): the points every kNN view was computed from. */
export const ACTIVATIONS: TableSpec = perViewNodeTable(
  'activations.arrow',
  'Opt-in (`npm run pipeline -- --activations`; not in the published data): the hidden activations every kNN view of the layer was computed from, one file per layer (activations-l<layer>.arrow); rows as in positions-l<layer>.arrow. Exactly the float32 values the view stage received (after the layer’s ReLU, before anything else), so the kNN graph, the edges and the activation-space metrics can be recomputed with any tool. Written for mlp-classes (MNIST and the 2-D toy set) and mlp-scrambled; mlp-bipartite and vae-beta have none. Size: samples × snapshots × width × 4 bytes per layer.',
  {
    name: 'activation',
    type: 'float32',
    vector: 'layerWidth',
    doc: 'the sample’s activations of the layer’s units at the snapshot, unit order as in the network; the list size is the manifest’s layers[].width',
  },
);

/** Sensitivity probe (mlp-classes): per (layer, snapshot, sample) gradients of the sample's own loss. */
export const SENSITIVITY: TableSpec = perViewNodeTable(
  'sensitivity.arrow',
  'Sensitivity of each trace sample’s own cross-entropy L_i (nats) to the layer’s activations h_i, at every snapshot, one file per layer (sensitivity-l<layer>.arrow; the figure loads only the shown layer’s); rows as in positions-l<layer>.arrow. Computed on the model at the snapshot, with no retraining.',
  {
    name: 'grad_code',
    type: 'uint8',
    codeRange: 'gradNormLog10',
    range: [0, GRAD_CODE_MAX],
    doc: `‖∂L_i/∂h_i‖₂, the Euclidean norm of the gradient over the layer’s units, as a log code on the snapshot’s own range: 0 = zero, else ‖∂L_i/∂h_i‖₂ ≈ 10^(lo + (code − 1) / ${GRAD_CODE_MAX - 1} · (hi − lo)) with [lo, hi] = the manifest’s layers[].gradNormLog10[snapshot] (log10 of the smallest positive and largest norm of the layer’s trace samples at that snapshot, so codes 1 and ${GRAD_CODE_MAX} both occur in every snapshot whose norms differ); within half a step, (hi − lo) / ${2 * (GRAD_CODE_MAX - 1)} decades. The summaries in gradients.arrow are computed before coding`,
  },
);

/** Gradient × activation per (layer, snapshot, sample), beside sensitivity-l<k> (which the figure loads without it). */
export const ATTRIBUTIONS: TableSpec = perViewNodeTable(
  'attributions.arrow',
  'Gradient × activation attribution of each trace sample’s own cross-entropy to the layer, at every snapshot, one file per layer (attributions-l<layer>.arrow); rows as in sensitivity-l<layer>.arrow.',
  {
    name: 'attribution',
    type: 'float32',
    doc: 'gradient × activation summed over the layer’s units, Σ_j h_ij · ∂L_i/∂h_ij (nats; negative: scaling the activations up would lower the loss)',
  },
);

/**
 * Saliency pixels are uint8 levels 0 … SALIENCY_LEVELS: `|∂L/∂x| ≈ pixel / SALIENCY_LEVELS · scale`.
 * Eight levels: saliency is noisy, so 8-bit images hardly gzip (≈ 700 bytes each against
 * ≈ 340 at 16 levels and ≈ 240 at 8), and every trace sample's image must fit the figure's
 * data budget (2 MB with everything it can fetch).
 */
export const SALIENCY_LEVELS = 7;

export const SALIENCY: TableSpec = {
  file: 'saliency.arrow',
  rows: ['samples'],
  doc: `Image datasets only: input saliency |∂L_i/∂x_i| of every trace sample’s own cross-entropy, as a 28×28 image, at the last snapshot only (the trained network; one snapshot of every sample is what the per-figure data budget allows). Each image is scaled by its own maximum and stored in ${SALIENCY_LEVELS + 1} levels: |∂L/∂x| ≈ pixels / ${SALIENCY_LEVELS} · scale.`,
  sortedBy: ['snapshot', 'node'],
  columns: [
    SNAPSHOT,
    { name: 'node', type: 'int32', nodeId: true, doc: 'node id (a sample)' },
    {
      name: 'pixels',
      type: 'uint8',
      shape: [28, 28],
      range: [0, SALIENCY_LEVELS],
      doc: `|∂L/∂x| / scale × ${SALIENCY_LEVELS}, rounded, row-major`,
    },
    {
      name: 'scale',
      type: 'float32',
      range: [0, 3.4e38],
      doc: 'the image’s largest |∂L/∂x| (per nat of loss per unit of pixel intensity in 0 … 1)',
    },
  ],
};

/** Per (layer, snapshot) summaries of the sensitivity table. */
export const GRADIENTS: TableSpec = {
  file: 'gradients.arrow',
  rows: ['splits', 'snapshots'],
  doc: 'One row per (layer, snapshot): how the trace samples’ gradient norms ‖∂L_i/∂h_i‖ (sensitivity-l<layer>.arrow) are distributed. Quantiles interpolate linearly between order statistics; Spearman ρ uses average ranks for ties and is 0 when either variable is constant.',
  sortedBy: ['layer', 'snapshot'],
  columns: [
    LAYER,
    SNAPSHOT,
    { name: 'grad_q10', type: 'float32', doc: '10th percentile of the gradient norms' },
    { name: 'grad_median', type: 'float32', doc: 'median gradient norm' },
    { name: 'grad_q90', type: 'float32', doc: '90th percentile of the gradient norms' },
    {
      name: 'top10_share',
      type: 'float32',
      range: [0, 1],
      doc: 'share of the summed gradient norm carried by the 10 % of samples (rounded up) with the largest norms, 0.1 … 1',
    },
    {
      name: 'spearman_wrong',
      type: 'float32',
      range: [-1, 1],
      doc: 'Spearman ρ of the gradient norm with misclassification (1 = the network predicts another class at this snapshot)',
    },
    {
      name: 'spearman_margin',
      type: 'float32',
      range: [-1, 1],
      doc: 'Spearman ρ of the gradient norm with the margin (true class logit − largest other logit)',
    },
  ],
};

/** Layouts compared in fidelity.arrow and comparison.arrow, by `method` index. */
export const LAYOUT_METHODS = ['ours', 'ours-cold', 'umap', 'tsne', 'pca'] as const;

const METHOD: ColumnSpec = {
  name: 'method',
  type: 'int8',
  range: [0, LAYOUT_METHODS.length - 1],
  doc: `layout: ${LAYOUT_METHODS.map((m, i) => `${i} = ${m}`).join(', ')} (ours = the published warm-started layout; ours-cold = the same layout method run cold on this snapshot's graph alone; umap = umap-js 1.4 with 15 neighbours, seeded from the run's seed; tsne = t-SNE, perplexity 30, PCA start, Barnes-Hut, run here; pca = the top two principal components)`,
};

/** How faithful each layout is, per layer, at the first snapshot after initialisation and the last. */
export const FIDELITY: TableSpec = {
  file: 'fidelity.arrow',
  doc: 'Layout fidelity compared on the same activations: for every layer, at the first snapshot after initialisation (¼ epoch in the default preset) and at the last, our published layout, our layout run cold, UMAP (umap-js), t-SNE and PCA, each scored against activation space.',
  sortedBy: ['layer', 'snapshot', 'method'],
  rows: ['splits', 2, LAYOUT_METHODS.length],
  columns: [
    LAYER,
    SNAPSHOT,
    METHOD,
    ...(['trustworthiness', 'continuity', 'knn_preservation', 'neighborhood_hit'] as const).map(
      (name): ColumnSpec => ({
        name,
        type: 'float32',
        range: [0, 1],
        doc: `${name.replace('_', ' ')}@k (k = the run’s metricsK), as in metrics.arrow`,
      }),
    ),
    {
      name: 'local_radius_r',
      type: 'float32',
      range: [-1, 1],
      doc: 'local radius r at k (k = the run’s metricsK), as in metrics.arrow, on the method’s own coordinates',
    },
    {
      name: 'visible_share',
      type: 'float32',
      range: [0, 1],
      doc: 'visible share, as in metrics.arrow, of the layout fitted into the box the way published layouts are (centred, scaled so the 99th percentile of the L∞ radius lands on the box edge, the points beyond pulled onto it), not rotated',
    },
  ],
};

/** The layouts of fidelity.arrow at the last snapshot, for the side-by-side figure. */
export const COMPARISON: TableSpec = {
  file: 'comparison.arrow',
  doc: 'The last snapshot of every layer laid out by each method of fidelity.arrow, each fitted into the box (UMAP and PCA Procrustes-aligned onto ours, so the panels face the same way).',
  sortedBy: ['layer', 'method', 'node'],
  rows: ['viewNodes', LAYOUT_METHODS.length],
  columns: [
    LAYER,
    METHOD,
    { name: 'node', type: 'int32', nodeId: true, doc: 'node id' },
    ...COORDINATES,
    {
      name: 'preserved',
      type: 'uint8',
      range: [0, 255],
      doc: 'how many of the node’s k nearest neighbours in activation space are among its k nearest in this layout (k = the run’s metricsK; before the layout was rounded to int16): where the picture keeps a neighbourhood and where it does not; their mean over k is knn_preservation in fidelity.arrow',
    },
  ],
};

/** mlp-scrambled: the trace nodes also say which training labels were scrambled, and to what. */
export const SCRAMBLED_NODES: TableSpec = {
  ...NODES,
  columns: [
    ...NODES.columns,
    {
      name: 'assigned',
      type: 'int8',
      range: [-1, 127],
      doc: 'samples: the label the network was trained with (a scrambled training sample’s replacement class; the true class otherwise, test samples included); units: -1',
    },
    {
      name: 'scrambled',
      type: 'int8',
      range: [0, 1],
      doc: 'samples: 1 for a training sample whose label was scrambled, else 0',
    },
  ],
};

/** mlp-scrambled per-view columns: where the scrambled trace samples sit (−1 when there are none). */
const SCRAMBLED_SHARE_COLUMNS: readonly ColumnSpec[] = (['layout', 'activation'] as const).flatMap(
  (space) =>
    (['true', 'assigned'] as const).map((which) => ({
      name: `scrambled_${which}_${space}`,
      type: 'float32' as const,
      source: 'view' as const,
      range: [-1, 1] as const,
      doc: `share of the scrambled trace samples most of whose 10 nearest neighbours ${space === 'layout' ? 'in the layout' : 'in activation space'} (more than half) have ${which === 'true' ? 'the sample’s true class' : 'the label the sample was trained with'} as their true class, 0 … 1; −1 when no sample is scrambled`,
    })),
);

export const SCRAMBLED_METRICS: TableSpec = {
  ...METRICS,
  doc: `${METRICS.doc} Train loss and accuracy are measured against the labels the network was trained with (scrambled ones included).`,
  columns: [
    ...METRICS.columns.filter((c) => c.source !== 'view'),
    {
      name: 'train_clean_accuracy',
      type: 'float32',
      source: 'snapshot',
      range: [0, 1],
      doc: 'accuracy on the training samples whose label was kept, 0 … 1',
    },
    {
      name: 'train_scrambled_accuracy',
      type: 'float32',
      source: 'snapshot',
      range: [-1, 1],
      doc: 'accuracy on the training samples whose label was scrambled, against the scrambled label (memorisation), 0 … 1; −1 when none is scrambled',
    },
    ...VIEW_METRIC_COLUMNS,
    ...SCRAMBLED_SHARE_COLUMNS,
  ],
};

/** mlp-bipartite: display edges run from a sample to a unit, weighted by the unit's recorded activation. */
export const BIPARTITE_EDGES: TableSpec = {
  ...EDGES,
  doc: 'Display edges of the neuron × sample graph per (layer, snapshot), one file per layer (edges-l<layer>.arrow): a sample links to a unit when it is among the unit’s strongest samples (see the manifest config `firingShare`); every node keeps its strongest edges, deduplicated with source < target. There are no sample–sample and no unit–unit edges.',
  columns: [
    ...EDGES.columns.filter((c) => c.name !== 'weight'),
    {
      name: 'weight',
      type: 'float32',
      doc: 'the unit’s recorded activation (ReLU output, > 0) for the sample at this snapshot',
    },
  ],
};

/** Per-view columns of the neuron × sample graph. */
const BIPARTITE_VIEW_COLUMNS: readonly ColumnSpec[] = [
  ...VIEW_METRIC_COLUMNS.filter((c) =>
    ['silhouette_layout', 'neighborhood_hit', 'displacement', 'dead_units'].includes(c.name),
  ),
  {
    name: 'mean_selectivity',
    type: 'float32',
    source: 'view',
    range: [0, 1],
    doc: 'mean class-selectivity index of the layer’s units that fire for some trace sample (see units.arrow), 0 … 1; 0 when every unit is dead',
  },
];

export const BIPARTITE_METRICS: TableSpec = {
  ...METRICS,
  doc: `${METRICS.doc} Layout metrics (silhouette, neighbourhood hit, displacement) are over the sample nodes of the neuron × sample layout.`,
  columns: [...METRICS.columns.filter((c) => c.source !== 'view'), ...BIPARTITE_VIEW_COLUMNS],
};

/** mlp-bipartite: what each hidden unit does at each snapshot, on the traced samples. */
export const UNITS: TableSpec = {
  file: 'units.arrow',
  doc: 'One row per (snapshot, unit): the unit’s class selectivity on the trace samples. With μ_c the unit’s mean activation over the samples of class c, c* the class with the largest μ_c and μ̄ the mean of the other classes’ μ_c, selectivity = (μ_c* − μ̄) / (μ_c* + μ̄): 1 when the unit fires for one class only, 0 when it fires equally for all.',
  sortedBy: ['snapshot', 'node'],
  rows: ['units', 'snapshots'],
  columns: [
    SNAPSHOT,
    {
      name: 'node',
      type: 'int32',
      nodeId: true,
      doc: 'node id of the unit (its layer: nodes.arrow unit_layer)',
    },
    {
      name: 'dominant',
      type: 'int8',
      range: [-1, 127],
      doc: 'class c* with the largest mean activation; -1 for a dead unit',
    },
    {
      name: 'selectivity',
      type: 'float32',
      range: [0, 1],
      doc: 'class-selectivity index, 0 … 1; 0 for a dead unit',
    },
    {
      name: 'dead',
      type: 'int8',
      range: [0, 1],
      doc: '1 when the unit is 0 for every trace sample (it never fires), else 0',
    },
  ],
};

/** vae-beta: the β index column of its tables (the manifest's betas give each index's β). */
const BETA: ColumnSpec = {
  name: 'beta',
  type: 'int8',
  doc: 'β index, 1 … B (see manifest betas: index → β value)',
};
const BETA_SNAPSHOT_NODE_XY: readonly ColumnSpec[] = [
  BETA,
  SNAPSHOT,
  { name: 'node', type: 'int32', nodeId: true, doc: 'node id' },
  ...COORDINATES,
];

export const LATENTS: TableSpec = {
  file: 'latents.arrow',
  splitBy: 'beta',
  rows: ['viewNodes', 'snapshots'],
  doc: 'vae-beta: the posterior means μ(x) of the trace samples laid out like a hidden layer (kNN graph → spectral → ForceAtlas2, warm-started and aligned across snapshots), one file per β (latents-b<beta>.arrow), sorted by (snapshot, node).',
  sortedBy: ['beta', 'snapshot', 'node'],
  columns: BETA_SNAPSHOT_NODE_XY,
};

export const LATENT_AXES: TableSpec = {
  file: 'latent-axes.arrow',
  splitBy: 'beta',
  rows: ['viewNodes', 'snapshots'],
  doc: 'vae-beta: the raw latent view, one file per β: each trace sample at (μ_a, μ_b), the two latent dimensions with the largest Var_x μ_j at that snapshot (metrics axis_x_dim, axis_y_dim), divided by the largest |μ| of the two so it fits the box.',
  sortedBy: ['beta', 'snapshot', 'node'],
  columns: BETA_SNAPSHOT_NODE_XY,
};

export const LATENT_EDGES: TableSpec = {
  ...EDGES,
  file: 'latent-edges.arrow',
  splitBy: 'beta',
  doc: 'vae-beta: display edges of the latent layouts per (β, snapshot), one file per β; each node keeps its strongest graph edges, deduplicated with source < target.',
  sortedBy: ['beta', 'snapshot', 'source', 'target'],
  columns: [BETA, ...EDGES.columns.slice(1)],
};

export const VAE_METRICS: TableSpec = {
  file: 'metrics.arrow',
  axis: 'beta',
  doc: 'vae-beta: one row per (β, snapshot), every β in one file: the VAE’s losses on the trace samples and the structure metrics of its latent layout.',
  sortedBy: ['beta', 'snapshot'],
  rows: ['splits', 'snapshots'],
  columns: [
    { ...BETA, source: 'key' },
    { ...SNAPSHOT, source: 'key' },
    {
      name: 'epoch',
      type: 'float32',
      source: 'snapshot',
      doc: 'training progress in epochs (0 = initialisation; fractions inside epoch 1)',
    },
    {
      name: 'recon_loss',
      type: 'float32',
      source: 'snapshot',
      doc: 'reconstruction loss: summed pixel cross-entropy −log p(x|z) of one reparameterised sample (fixed ε), mean over the trace samples, nats',
    },
    {
      name: 'kl',
      type: 'float32',
      source: 'snapshot',
      doc: 'KL(q(z|x) ‖ N(0, I)) summed over latent dimensions, mean over the trace samples, nats',
    },
    {
      name: 'elbo',
      type: 'float32',
      source: 'snapshot',
      doc: 'evidence lower bound −(recon_loss + kl) (at β = 1, whatever β trained), nats',
    },
    {
      name: 'active_units',
      type: 'int16',
      source: 'snapshot',
      doc: 'latent dimensions with Var_x μ_j > 0.01 over the trace samples',
    },
    {
      name: 'jacobian_orthogonality',
      type: 'float32',
      source: 'snapshot',
      range: [-1, 1],
      doc: 'orthogonality of the decoder’s local directions (Rolínek et al. 2019): the mean |cosine| between the decoder-Jacobian columns ∂x̂/∂z_j of the active latents at z = μ(x), over pairs of columns and the first jacobianSamples trace digits (config); 0 = orthogonal, −1 when fewer than two latents are active. The plain autoencoder’s, at the same snapshots, is in autoencoder.arrow',
    },
    {
      name: 'polarised_share',
      type: 'float32',
      source: 'snapshot',
      range: [0, 1],
      doc: `share of latent dimensions in the polarised regime (Rolínek et al. 2019: each latent either active, posterior variance σ_j² ≪ 1, or passive, σ_j² ≈ 1): latent j counts when its mean posterior variance E_x σ_j²(x) over the trace samples (latent-kl.arrow posterior_variance) is < ${POLARISED_BOUNDS[0]} or > ${POLARISED_BOUNDS[1]}`,
    },
    {
      name: 'active_posterior_variance',
      type: 'float32',
      source: 'snapshot',
      doc: 'mean over the active latents (Var_x μ_j > 0.01) of E_x σ_j²(x); −1 when none is active',
    },
    {
      name: 'passive_posterior_variance',
      type: 'float32',
      source: 'snapshot',
      doc: 'mean over the passive latents (Var_x μ_j ≤ 0.01) of E_x σ_j²(x); −1 when none is passive',
    },
    {
      name: 'axis_x_dim',
      type: 'int8',
      source: 'snapshot',
      doc: 'latent dimension on the x axis of latent-axes (largest Var_x μ_j), 0-based',
    },
    {
      name: 'axis_y_dim',
      type: 'int8',
      source: 'snapshot',
      doc: 'latent dimension on the y axis of latent-axes (second largest Var_x μ_j), 0-based',
    },
    ...VIEW_METRIC_COLUMNS.filter((c) => c.name !== 'dead_units'),
  ],
};

export const LATENT_KL: TableSpec = {
  file: 'latent-kl.arrow',
  axis: 'beta',
  doc: 'vae-beta: one row per (β, snapshot, latent dimension): KL and activity of each latent dimension, every β in one file.',
  sortedBy: ['beta', 'snapshot', 'dim'],
  columns: [
    BETA,
    SNAPSHOT,
    { name: 'dim', type: 'int8', range: [0, 127], doc: 'latent dimension, 0-based' },
    {
      name: 'kl',
      type: 'float32',
      doc: 'KL(q(z_j|x) ‖ N(0, 1)) averaged over the trace samples, nats',
    },
    {
      name: 'mu_variance',
      type: 'float32',
      doc: 'Var_x μ_j over the trace samples (active when > 0.01)',
    },
    {
      name: 'posterior_variance',
      type: 'float32',
      range: [0, 3.4e38],
      doc: `E_x σ_j²(x), the posterior variance of dimension j averaged over the trace samples (1 = the prior’s; polarised when < ${POLARISED_BOUNDS[0]} or > ${POLARISED_BOUNDS[1]}, see metrics.arrow polarised_share)`,
    },
  ],
};

/** vae-beta: the plain-autoencoder baseline over training, at the β runs' snapshots. */
export const AUTOENCODER: TableSpec = {
  file: 'autoencoder.arrow',
  doc: 'vae-beta: the baseline, the same network (same initial weights and data order) trained as a plain autoencoder (decodes μ, no KL), measured at the same snapshots as the β runs: one row per snapshot.',
  sortedBy: ['snapshot'],
  rows: ['snapshots'],
  columns: [
    SNAPSHOT,
    {
      name: 'epoch',
      type: 'float32',
      doc: 'training progress in epochs (0 = initialisation)',
    },
    {
      name: 'recon_loss',
      type: 'float32',
      doc: 'reconstruction loss of the decoded μ: summed pixel cross-entropy, mean over the trace samples, nats',
    },
    {
      name: 'jacobian_orthogonality',
      type: 'float32',
      range: [0, 1],
      doc: 'mean |cosine| between the decoder-Jacobian columns of all latents at z = μ(x), as metrics.arrow jacobian_orthogonality; 0 = orthogonal',
    },
  ],
};

/** vae-beta image strips: what each strip holds. */
export const STRIP_KINDS = ['reconstruction', 'prior', 'traversal'] as const;

export const STRIPS: TableSpec = {
  file: 'strips.arrow',
  splitBy: 'beta',
  doc: `vae-beta: decoded images per (β, snapshot), one file per β. Strip ${STRIP_KINDS.map((k, i) => `${i} = ${k}`).join(', ')}: reconstructions (decoded μ) of the first trace samples (index = node id), samples decoded from the prior with a fixed ε (the same at every β and snapshot), and latent traversals: μ of trace node 0 with t·σ_j added to one dimension j, σ_j the standard deviation of μ_j over the trace samples at that snapshot (index = dim · steps + step; steps and the largest t in the manifest summary: traversalSteps, traversalSpan; a collapsed dimension, σ_j ≈ 0, gives one image repeated).`,
  sortedBy: ['beta', 'snapshot', 'strip', 'index'],
  columns: [
    BETA,
    SNAPSHOT,
    {
      name: 'strip',
      type: 'int8',
      range: [0, STRIP_KINDS.length - 1],
      doc: STRIP_KINDS.map((k, i) => `${i} = ${k}`).join(', '),
    },
    { name: 'index', type: 'int16', range: [0, 32767], doc: 'position in the strip' },
    {
      name: 'pixels',
      type: 'uint8',
      shape: [28, 28],
      doc: 'decoded Bernoulli means × 255, 28×28 row-major (FixedSizeList<uint8>[784])',
    },
  ],
};

export const THEORY: TableSpec = {
  file: 'theory.arrow',
  axis: 'beta',
  doc: 'vae-beta: the linear-VAE theory check (Lucas et al. 2019), one row per (β, direction): Gaussian data with a known covariance spectrum, a linear VAE with fixed observation noise σ² trained at every β of the sweep; direction i should be encoded iff λ_i > β·σ², with KL_i = ½·ln(λ_i / (β·σ²)) and decoder column norm² λ_i − β·σ². Each latent is assigned to the direction carrying most of its encoder variance; measured values sum over the latents assigned to a direction.',
  sortedBy: ['beta', 'dim'],
  columns: [
    BETA,
    {
      name: 'dim',
      type: 'int8',
      range: [0, 127],
      doc: 'direction, 0-based, by descending eigenvalue',
    },
    { name: 'eigenvalue', type: 'float32', doc: 'λ_i, the data covariance’s eigenvalue' },
    { name: 'threshold', type: 'float32', doc: 'β·σ², the predicted collapse threshold' },
    { name: 'predicted_active', type: 'int8', range: [0, 1], doc: '1 when λ_i > β·σ²' },
    {
      name: 'measured_active',
      type: 'int8',
      range: [0, 1],
      doc: '1 when a latent assigned to direction i has Var_x μ_j > 0.01',
    },
    { name: 'predicted_kl', type: 'float32', doc: '½·ln(λ_i / (β·σ²)) when active, else 0' },
    {
      name: 'measured_kl',
      type: 'float32',
      doc: 'KL of the latents assigned to direction i, nats',
    },
    {
      name: 'predicted_column_norm2',
      type: 'float32',
      doc: 'λ_i − β·σ² when active, else 0',
    },
    {
      name: 'measured_column_norm2',
      type: 'float32',
      doc: 'squared norm of the decoder columns of those latents',
    },
    { name: 'latents', type: 'int8', range: [0, 127], doc: 'latents assigned to direction i' },
  ],
};

/** The tables of each experiment kind, by role: the registry `check`, the writer and the site share. */
export const KIND_TABLES = {
  'mlp-classes': {
    nodes: NODES,
    images: IMAGES,
    positions: POSITIONS,
    projections: PROJECTIONS,
    regions: REGIONS,
    edges: EDGES,
    metrics: METRICS,
    steps: STEPS,
    stepEdges: STEP_EDGES,
    sensitivity: SENSITIVITY,
    attributions: ATTRIBUTIONS,
    saliency: SALIENCY,
    gradients: GRADIENTS,
    fidelity: FIDELITY,
    comparison: COMPARISON,
    activations: ACTIVATIONS,
  },
  'mlp-scrambled': {
    nodes: SCRAMBLED_NODES,
    images: IMAGES,
    positions: POSITIONS,
    projections: PROJECTIONS,
    edges: EDGES,
    metrics: SCRAMBLED_METRICS,
    steps: STEPS,
    stepEdges: STEP_EDGES,
    activations: ACTIVATIONS,
  },
  'mlp-bipartite': {
    nodes: NODES,
    images: IMAGES,
    positions: POSITIONS,
    edges: BIPARTITE_EDGES,
    metrics: BIPARTITE_METRICS,
    units: UNITS,
  },
  'vae-beta': {
    nodes: NODES,
    images: IMAGES,
    latents: LATENTS,
    latentAxes: LATENT_AXES,
    latentEdges: LATENT_EDGES,
    metrics: VAE_METRICS,
    latentKl: LATENT_KL,
    autoencoder: AUTOENCODER,
    strips: STRIPS,
    theory: THEORY,
  },
  imported: {
    nodes: NODES,
    images: IMPORTED_IMAGES,
    positions: POSITIONS,
    projections: PROJECTIONS,
    edges: EDGES,
    metrics: IMPORTED_METRICS,
    steps: STEPS,
    stepEdges: STEP_EDGES,
    fidelity: FIDELITY,
    comparison: COMPARISON,
  },
} as const satisfies Record<string, Record<string, TableSpec>>;

export type ExperimentKind = keyof typeof KIND_TABLES;
/** A table role of some kind (`positions`, `metrics`, …). */
export type TableName = { [K in ExperimentKind]: keyof (typeof KIND_TABLES)[K] }[ExperimentKind];

/** Roles every experiment of a kind must publish (others, like images, depend on the dataset). */
/** The view tables every MLP kind publishes. */
const MLP_VIEW_TABLES = ['positions', 'projections', 'edges', 'metrics', 'steps', 'stepEdges'];

export const REQUIRED_TABLES: Record<ExperimentKind, readonly string[]> = {
  'mlp-classes': ['nodes', ...MLP_VIEW_TABLES, 'sensitivity', 'attributions', 'gradients'],
  'mlp-scrambled': ['nodes', 'images', ...MLP_VIEW_TABLES],
  'mlp-bipartite': ['nodes', 'positions', 'edges', 'metrics', 'units'],
  'vae-beta': [
    'nodes',
    'images',
    'latents',
    'latentAxes',
    'latentEdges',
    'metrics',
    'latentKl',
    'autoencoder',
    'strips',
    'theory',
  ],
  imported: ['nodes', ...MLP_VIEW_TABLES],
};

/** The spec of a table role of an experiment kind, or undefined when the kind has no such table. */
export function tableSpec(kind: string, table: string): TableSpec | undefined {
  const tables = (KIND_TABLES as Record<string, Record<string, TableSpec>>)[kind];
  return tables && Object.hasOwn(tables, table) ? tables[table] : undefined;
}

/** File name of a table (split tables: `edges-l2.arrow`, `latents-b3.arrow`). */
export function tableFileName(spec: TableSpec, split?: number): string {
  if (!spec.splitBy) return spec.file;
  if (split === undefined)
    throw new Error(
      `contract: ${spec.file} is stored per ${spec.splitBy}; a ${spec.splitBy} is required`,
    );
  return spec.file.replace(/\.arrow$/, `-${SPLIT_LETTER[spec.splitBy]}${split}.arrow`);
}

/** Hex digits of the sha256 in a published file name (64 bits: collisions are not a concern). */
export const CONTENT_HASH_DIGITS = 16;

/**
 * Published name of a table file: its contract name with the start of its sha256
 * (`positions-l3.1f2e3d4c5b6a7980.arrow`). A new run never overwrites a file an older
 * manifest points to, so the manifest is the publish's single commit point, and static
 * hosts may cache the files forever.
 */
export function contentFileName(
  spec: TableSpec,
  split: number | undefined,
  sha256: string,
): string {
  return tableFileName(spec, split).replace(
    /\.arrow$/,
    `.${sha256.slice(0, CONTENT_HASH_DIGITS)}.arrow`,
  );
}

/** Experiment names: folder names in data/ (lowercase letters, digits and -). */
export const EXPERIMENT_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Why a file name from a manifest is not a safe path inside the data folder, or undefined
 * when it is: relative, `/`-separated, every segment of letters, digits, `.`, `_`, `-` and
 * not starting with a dot (so no `..`, no absolute path, no hidden file). Symbolic links
 * are the file system's business; the pipeline checks those where it reads or deletes.
 */
export function dataPathProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'is not a file name';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name))
    return 'is an absolute path; names are relative to the data folder';
  if (name.includes('\\')) return 'contains a backslash; use / between folders';
  if (name.split('/').includes('..')) return 'leaves the data folder (..)';
  if (
    name.length > 200 ||
    !name.split('/').every((segment) => /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(segment))
  ) {
    return 'must be a relative path of letters, digits, ".", "_" and "-" (no empty or hidden segment)';
  }
  return undefined;
}

/** A table's file name pattern for documents: `positions-l<layer>.arrow` for split tables. */
export function tableFilePattern(spec: TableSpec): string {
  return spec.splitBy
    ? spec.file.replace(/\.arrow$/, `-${SPLIT_LETTER[spec.splitBy]}<${spec.splitBy}>.arrow`)
    : spec.file;
}

/** Per-row element count of an image column (1 for scalar columns; vector columns: see vectorWidth; manifest-shaped images: see imageShapeOf). */
export function columnStride(column: ColumnSpec): number {
  return column.shape ? column.shape.reduce((a, b) => a * b, 1) : 1;
}

/**
 * [height, width, channels] of an image column in an experiment: its fixed shape, or the
 * manifest's `images` for a column whose shape the manifest gives (undefined when it gives none).
 */
export function imageShapeOf(
  column: ColumnSpec,
  entry: Pick<ExperimentEntry, 'images'>,
): readonly [number, number, number] | undefined {
  if (column.shape) return [column.shape[0] ?? 1, column.shape[1] ?? 1, column.shape[2] ?? 1];
  if (column.shapeFrom === 'images' && entry.images)
    return [entry.images.height, entry.images.width, entry.images.channels];
  return undefined;
}

/** A column's type as the documents show it: `float32`, `FixedSizeList<uint8>[28×28]`, `FixedSizeList<float32>[layer width]`. */
export function columnTypeText(column: ColumnSpec): string {
  if (column.shape) return `FixedSizeList<${column.type}>[${column.shape.join('×')}]`;
  if (column.shapeFrom) return `FixedSizeList<${column.type}>[height×width×channels]`;
  if (column.vector) return `FixedSizeList<${column.type}>[layer width]`;
  return column.type;
}

/** Table roles written only on request (`--activations`): never required, and no other file depends on them. */
export const OPT_IN_TABLES: ReadonlySet<string> = new Set(['activations']);

/** The kinds whose experiments can export their activations (`--activations`): those with an activations table. */
export function exportsActivations(kind: string): boolean {
  return tableSpec(kind, 'activations') !== undefined;
}

/** Metric columns of a metrics table by source. */
export function metricColumns(
  spec: TableSpec,
  source: NonNullable<ColumnSpec['source']>,
): readonly ColumnSpec[] {
  return spec.columns.filter((c) => c.source === source);
}

export interface FileEntry {
  /** Path relative to data/, with forward slashes: `mlp-classes/positions-l3.arrow`. */
  readonly name: string;
  readonly table: TableName;
  /** Split tables only: the value of the split axis this file holds (a layer index, a β index). */
  readonly split?: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number;
}

/** One value of a split axis: a hidden layer or a β of a sweep, and the size of its views. */
export interface SplitInfo {
  readonly index: number;
  readonly name: string;
  /** Nodes in every view of this split (rows per snapshot in its positions file). */
  readonly nodes: number;
}

export interface LayerInfo extends SplitInfo {
  /** Units in the layer. */
  readonly width: number;
  /** mlp-classes: per snapshot, the log10 range of the layer's gradient-norm codes (sensitivity-l<layer>.arrow `grad_code`). */
  readonly gradNormLog10?: readonly (readonly [number, number])[];
}

export interface SnapshotInfo {
  readonly index: number;
  /** Progress in epochs: 0, 0.25, …, 1, 2, … */
  readonly epoch: number;
  /** Optimiser steps taken so far. */
  readonly step: number;
}

export interface ExperimentEntry {
  readonly kind: ExperimentKind;
  readonly title: string;
  readonly dataset: {
    readonly name: string;
    readonly classes: readonly string[];
    readonly train: number;
    readonly test: number;
    readonly trace: number;
  };
  /** Rows of nodes.arrow by node kind (`sample`, `unit`); their sum is the node count. */
  readonly nodes: Readonly<Partial<Record<NodeKind, number>>>;
  readonly config: Record<string, unknown>;
  readonly configHash: string;
  readonly backend: string;
  readonly seed: number;
  /** The `layer` split axis: hidden layers and their view sizes. */
  readonly layers: readonly LayerInfo[];
  /** The `beta` split axis of a β sweep (absent for other kinds). */
  readonly betas?: readonly (SplitInfo & { readonly beta: number })[];
  /** The shape of images.arrow's pixels where the kind's table takes it from the manifest (imported runs with images). */
  readonly images?: ImageShape;
  readonly snapshots: readonly SnapshotInfo[];
  readonly files: readonly FileEntry[];
  readonly summary: Record<string, number>;
}

export interface Manifest {
  readonly schemaVersion: number;
  readonly generatorVersion: string;
  readonly backend: string;
  readonly seed: number;
  readonly preset: string;
  readonly experiments: Record<string, ExperimentEntry>;
}

/** Total node count of an experiment (rows of nodes.arrow). */
export function nodeCount(entry: Pick<ExperimentEntry, 'nodes'>): number {
  return NODE_KINDS.reduce((sum, kind) => sum + (entry.nodes[kind] ?? 0), 0);
}

/** The values of a split axis in an experiment. */
export function splitValues(
  entry: Pick<ExperimentEntry, 'layers' | 'betas'>,
  axis: SplitAxis,
): readonly SplitInfo[] {
  return axis === 'layer' ? entry.layers : (entry.betas ?? []);
}

/** Read access to a decoded table, whatever library decoded it. */
export interface ColumnReader {
  readonly numRows: number;
  /** A numeric column's values, or undefined when the table has no such (numeric) column. */
  numbers(name: string): ArrayLike<number> | undefined;
  /** A vector column's values (row-major) and its list size; readers that load no vector tables may leave it out. */
  vectors?(
    name: string,
  ): { readonly width: number; readonly values: ArrayLike<number> } | undefined;
  /** A list column's list size (undefined when the table has no such list column). */
  listSize(name: string): number | undefined;
}

/** The list size a vector column must have in the file of `context.split`, or undefined when the manifest gives none. */
export function vectorWidth(context: RuleContext, column: ColumnSpec): number | undefined {
  if (column.vector !== 'layerWidth') return undefined;
  return context.entry.layers.find((l) => l.index === context.split)?.width;
}

/** What a table's rules are checked against: the manifest entry and, for split files, the split value. */
export interface RuleContext {
  readonly entry: Pick<ExperimentEntry, 'nodes' | 'layers' | 'betas' | 'snapshots' | 'images'>;
  readonly split?: number;
}

/** Per snapshot, the [lo, hi] a coded column of a per-layer file is decoded with, from the manifest (undefined when absent). */
export function codeRangeOf(
  context: RuleContext,
  column: ColumnSpec,
): readonly (readonly [number, number])[] | undefined {
  if (!column.codeRange) return undefined;
  return context.entry.layers.find((l) => l.index === context.split)?.[column.codeRange];
}

/**
 * A per-snapshot log code uses its snapshot's whole range: where the range is wider than a
 * point, the snapshot's codes reach both 1 (its lo) and GRAD_CODE_MAX (its hi).
 */
function codeSpanProblems(
  file: string,
  name: string,
  codes: ArrayLike<number>,
  ranges: readonly (readonly [number, number])[],
): string[] {
  const n = codes.length / ranges.length;
  if (!Number.isInteger(n)) return [];
  for (let s = 0; s < ranges.length; s++) {
    const [lo, hi] = ranges[s] ?? [0, 0];
    if (!(hi > lo)) continue;
    let min = Infinity;
    let max = -Infinity;
    for (let i = s * n; i < (s + 1) * n; i++) {
      const c = codes[i] ?? 0;
      if (c > 0) min = Math.min(min, c);
      max = Math.max(max, c);
    }
    if (min !== 1 || max !== GRAD_CODE_MAX)
      return [
        `${file}: ${name} at snapshot ${s} spans codes ${min} … ${max}, but a snapshot coded on its own range [${lo}, ${hi}] spans 1 … ${GRAD_CODE_MAX}`,
      ];
  }
  return [];
}

/** The row count a table must have, or undefined when the contract sets none (or the split is unknown). */
export function expectedRows(spec: TableSpec, context: RuleContext): number | undefined {
  if (!spec.rows) return undefined;
  const splits = splitValues(context.entry, spec.splitBy ?? spec.axis ?? 'layer');
  const own = spec.splitBy ? splits.find((s) => s.index === context.split) : undefined;
  if (spec.splitBy && !own) return undefined;
  const factor = (f: RowFactor): number => {
    if (typeof f === 'number') return f;
    switch (f) {
      case 'nodes':
        return nodeCount(context.entry);
      case 'samples':
        return context.entry.nodes.sample ?? 0;
      case 'units':
        return context.entry.nodes.unit ?? 0;
      case 'snapshots':
        return context.entry.snapshots.length;
      case 'splits':
        return splits.length;
      case 'stages':
        return STEP_STAGES;
      case 'viewNodes':
        return own ? own.nodes : splits.reduce((sum, s) => sum + s.nodes, 0);
    }
  };
  return spec.rows.reduce<number>((product, f) => product * factor(f), 1);
}

/**
 * Every rule the contract sets for one decoded table, as one line per problem (first
 * offending row per rule): row count, sort order, the split column, node ids, value ranges,
 * finite floats. `file` names the table in the messages. Columns and types are the reader's job.
 */
export function tableProblems(
  file: string,
  spec: TableSpec,
  table: ColumnReader,
  context: RuleContext,
): string[] {
  const problems: string[] = [];
  const expected = expectedRows(spec, context);
  if (
    spec.splitBy &&
    !splitValues(context.entry, spec.splitBy).some((s) => s.index === context.split)
  ) {
    problems.push(
      `${file}: the manifest gives no ${spec.splitBy} ${String(context.split)} of this experiment for this per-${spec.splitBy} file`,
    );
  } else if (expected !== undefined && table.numRows !== expected) {
    problems.push(`${file}: ${table.numRows} rows, expected ${expected}`);
  }
  const keys = spec.sortedBy.map((k) => table.numbers(k));
  if (keys.every((k) => k !== undefined)) {
    outer: for (let r = 1; r < table.numRows; r++) {
      for (const key of keys) {
        if (key[r] > key[r - 1]) continue outer;
        if (key[r] < key[r - 1]) {
          problems.push(
            `${file}: row ${r} is out of order (sorted by ${spec.sortedBy.join(', ')})`,
          );
          break outer;
        }
      }
    }
  }
  if (spec.splitBy) {
    const values = table.numbers(spec.splitBy);
    const wrong = values
      ? Array.prototype.findIndex.call(values, (v: number) => v !== context.split)
      : -1;
    if (values && wrong >= 0)
      problems.push(
        `${file}: ${spec.splitBy}[${wrong}] = ${values[wrong]}, but this file holds ${spec.splitBy} ${String(context.split)}`,
      );
  }
  for (const column of spec.columns) {
    const codes = column.codeRange ? table.numbers(column.name) : undefined;
    if (!codes) continue;
    const ranges = codeRangeOf(context, column);
    const S = context.entry.snapshots.length;
    if (!ranges)
      problems.push(
        `${file}: ${column.name} is coded, but the manifest gives layer ${String(context.split)} no ${column.codeRange}`,
      );
    else if (ranges.length !== S)
      problems.push(
        `${file}: ${column.name} is coded per snapshot, but the manifest's layer ${String(context.split)} ${column.codeRange} has ${ranges.length} ranges for ${S} snapshots`,
      );
    else problems.push(...codeSpanProblems(file, column.name, codes, ranges));
  }
  for (const column of spec.columns) {
    const vectors = column.vector ? table.vectors?.(column.name) : undefined;
    if (vectors) problems.push(...vectorProblems(file, column, vectors, context));
  }
  for (const column of spec.columns.filter((c) => c.shapeFrom))
    problems.push(...imageColumnProblems(file, column, table.listSize(column.name), context));
  const nodes = nodeCount(context.entry);
  for (const column of spec.columns) {
    if (column.shape || column.shapeFrom || column.vector) continue;
    const values = table.numbers(column.name);
    if (!values) continue;
    const [lo, hi] = column.nodeId ? [0, nodes - 1] : (column.range ?? [-Infinity, Infinity]);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        problems.push(`${file}: ${column.name}[${i}] is not finite`);
        break;
      }
      if (v < lo || v > hi) {
        const what = column.nodeId
          ? `is not a node id (0 … ${nodes - 1})`
          : `is outside ${lo} … ${hi}`;
        problems.push(`${file}: ${column.name}[${i}] = ${v} ${what}`);
        break;
      }
    }
  }
  return problems;
}

/** A manifest-shaped image column's rules: the manifest gives an allowed shape, and each row holds height × width × channels values. */
function imageColumnProblems(
  file: string,
  column: ColumnSpec,
  size: number | undefined,
  context: RuleContext,
): string[] {
  const shape = context.entry.images;
  if (!shape)
    return [
      `${file}: column "${column.name}" takes its shape from the manifest's images (height, width, channels), which this experiment does not give`,
    ];
  const problem = imageShapeProblem(shape);
  if (problem) return [`${file}: the manifest's images: ${problem}`];
  const expected = shape.height * shape.width * shape.channels;
  if (size !== undefined && size !== expected)
    return [
      `${file}: column "${column.name}" holds ${size} values per row, but the manifest's images are ${shape.height}×${shape.width}×${shape.channels} = ${expected}`,
    ];
  return [];
}

/** A vector column's rules: its list size is the layer's width, every value finite. */
function vectorProblems(
  file: string,
  column: ColumnSpec,
  { width, values }: { readonly width: number; readonly values: ArrayLike<number> },
  context: RuleContext,
): string[] {
  const expected = vectorWidth(context, column);
  if (expected === undefined)
    return [
      `${file}: column "${column.name}" needs the width of layer ${String(context.split)}, which the manifest does not give`,
    ];
  if (width !== expected)
    return [
      `${file}: column "${column.name}" holds ${width} values per row, but layer ${String(context.split)} has width ${expected} (manifest layers[].width)`,
    ];
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      return [
        `${file}: column "${column.name}" row ${Math.floor(i / width)}, unit ${i % width}: ${values[i]} is not finite`,
      ];
  }
  return [];
}
