/**
 * The data contract between the pipeline (writer) and the site (reader).
 * This file is the only thing both sides import, so it must stay dependency-free:
 * the site bundles it, the pipeline validates against it (`npm run pipeline -- check`).
 */

/** Bump when a file's columns, types, sort order or meaning change. */
export const SCHEMA_VERSION = 3;

export const MANIFEST_FILE = 'manifest.json';

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

/** Column types we use; the writer maps them to Arrow types, the checker verifies them. */
export type ColumnType =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint8'
  | 'uint16'
  | 'float32'
  | 'utf8'
  | 'uint8x784';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Present only for some experiments (for example `input_x` for 2-D toy sets). */
  readonly optional?: boolean;
  readonly doc: string;
}

export interface TableSpec {
  readonly file: string;
  readonly doc: string;
  /** Rows are sorted ascending by these columns, in this order. */
  readonly sortedBy: readonly string[];
  /** One file per hidden layer (`edges-l2.arrow`), so a figure fetches only the layer it shows; its `layer` column holds that layer only. */
  readonly perLayer?: boolean;
  readonly columns: readonly ColumnSpec[];
}

export const NODES: TableSpec = {
  file: 'nodes.arrow',
  doc: 'One row per trace sample; the node order never changes across snapshots.',
  sortedBy: ['node'],
  columns: [
    { name: 'node', type: 'int32', doc: 'node id, 0 … n-1, equal to the row number' },
    { name: 'label', type: 'int8', doc: 'true class, 0 … classes-1' },
    { name: 'split', type: 'utf8', doc: "'train' or 'test': which split the trace sample came from" },
    { name: 'source_index', type: 'int32', doc: 'index of the sample in its dataset (per-class index for MNIST)' },
    { name: 'input_x', type: 'float32', optional: true, doc: '2-D toy sets: first input coordinate' },
    { name: 'input_y', type: 'float32', optional: true, doc: '2-D toy sets: second input coordinate' },
  ],
};

export const IMAGES: TableSpec = {
  file: 'images.arrow',
  doc: 'Image datasets only: the 28×28 greyscale thumbnail of every node, row-major, 0 = background.',
  sortedBy: ['node'],
  columns: [
    { name: 'node', type: 'int32', doc: 'node id, as in nodes.arrow' },
    { name: 'pixels', type: 'uint8x784', doc: '28×28 uint8 pixels, row-major (FixedSizeList<uint8>[784])' },
  ],
};

/** The stored layout coordinates of positions and steps (int16, see COORD_SCALE). */
const COORDINATES: readonly ColumnSpec[] = ['x', 'y'].map((axis) => ({
  name: axis,
  type: 'int16',
  doc: `layout ${axis}; ${axis} / ${COORD_SCALE} is in [-${BOX}, ${BOX}]`,
}));

export const POSITIONS: TableSpec = {
  file: 'positions.arrow',
  perLayer: true,
  doc: 'Layout of every snapshot, one file per layer (positions-l<layer>.arrow): n rows per snapshot, contiguous, so one view is a slice. Metrics were computed on the layout before it was rounded to int16.',
  sortedBy: ['layer', 'snapshot', 'node'],
  columns: [
    { name: 'layer', type: 'int8', doc: 'hidden layer, 1 … L (see manifest layers)' },
    { name: 'snapshot', type: 'int16', doc: 'snapshot index, 0 … S-1 (see manifest snapshots)' },
    { name: 'node', type: 'int32', doc: 'node id' },
    ...COORDINATES,
    { name: 'predicted', type: 'int8', doc: 'class the network predicts for this node at this snapshot' },
  ],
};

export const EDGES: TableSpec = {
  file: 'edges.arrow',
  perLayer: true,
  doc: 'Display edges per (layer, snapshot), one file per layer (edges-l<layer>.arrow): each node keeps its strongest kNN-graph edges, deduplicated with source < target.',
  sortedBy: ['layer', 'snapshot', 'source', 'target'],
  columns: [
    { name: 'layer', type: 'int8', doc: 'hidden layer' },
    { name: 'snapshot', type: 'int16', doc: 'snapshot index' },
    { name: 'source', type: 'int32', doc: 'node id, source < target' },
    { name: 'target', type: 'int32', doc: 'node id' },
    { name: 'weight', type: 'uint8', doc: `kernel weight of the symmetrised kNN graph; weight / ${WEIGHT_SCALE} is in (0, 1]` },
  ],
};

export const METRICS: TableSpec = {
  file: 'metrics.arrow',
  doc: 'One row per (layer, snapshot): structure metrics, plus that snapshot’s loss and accuracy (repeated across layers).',
  sortedBy: ['layer', 'snapshot'],
  columns: [
    { name: 'layer', type: 'int8', doc: 'hidden layer' },
    { name: 'snapshot', type: 'int16', doc: 'snapshot index' },
    { name: 'epoch', type: 'float32', doc: 'training progress in epochs (0 = initialisation; fractions inside epoch 1)' },
    { name: 'train_loss', type: 'float32', doc: 'cross-entropy on the training split' },
    { name: 'train_accuracy', type: 'float32', doc: 'accuracy on the training split, 0 … 1' },
    { name: 'test_loss', type: 'float32', doc: 'cross-entropy on the test split' },
    { name: 'test_accuracy', type: 'float32', doc: 'accuracy on the test split, 0 … 1' },
    { name: 'silhouette_activation', type: 'float32', doc: 'silhouette by class, Euclidean, in activation space' },
    { name: 'silhouette_layout', type: 'float32', doc: 'silhouette by class, Euclidean, in the 2-D layout' },
    { name: 'neighborhood_hit', type: 'float32', doc: 'mean share of a node’s 10 layout neighbours with its class' },
    { name: 'trustworthiness', type: 'float32', doc: 'trustworthiness@10 of the layout w.r.t. activation space' },
    { name: 'continuity', type: 'float32', doc: 'continuity@10 of the layout w.r.t. activation space' },
    { name: 'knn_preservation', type: 'float32', doc: 'mean overlap of the 10-NN sets in activation space and layout' },
    { name: 'displacement', type: 'float32', doc: 'mean node displacement from the previous snapshot, box units (0 at snapshot 0)' },
    { name: 'dead_units', type: 'int16', doc: 'units of this layer that are zero for every trace sample' },
  ],
};

export const STEPS: TableSpec = {
  file: 'steps.arrow',
  doc: 'How one layout is built, for the last snapshot of every layer: stage 0 = spectral layout of its kNN graph, 1 = ForceAtlas2 run cold from that start, 2 = the published (warm-started) layout. Stages 0 and 1 are Procrustes-aligned to stage 2 and fitted into the box.',
  sortedBy: ['layer', 'stage', 'node'],
  columns: [
    { name: 'layer', type: 'int8', doc: 'hidden layer' },
    { name: 'stage', type: 'int8', doc: '0 spectral, 1 ForceAtlas2 from the spectral start, 2 published layout' },
    { name: 'node', type: 'int32', doc: 'node id' },
    ...COORDINATES,
  ],
};

export const STEP_EDGES: TableSpec = {
  file: 'step-edges.arrow',
  doc: 'The display edges of the snapshot shown in steps.arrow (the last one), every layer in one small file.',
  sortedBy: ['layer', 'snapshot', 'source', 'target'],
  columns: EDGES.columns,
};

/** Every table of an mlp-classes experiment, by role. */
export const TABLES = { nodes: NODES, images: IMAGES, positions: POSITIONS, edges: EDGES, metrics: METRICS, steps: STEPS, stepEdges: STEP_EDGES } as const;
export type TableName = keyof typeof TABLES;

/** File name of a table (per-layer tables: `edges-l2.arrow`). */
export function tableFileName(spec: TableSpec, layer?: number): string {
  if (!spec.perLayer) return spec.file;
  if (layer === undefined) throw new Error(`contract: ${spec.file} is stored per layer; a layer is required`);
  return spec.file.replace(/\.arrow$/, `-l${layer}.arrow`);
}

export interface FileEntry {
  /** Path relative to data/, with forward slashes: `mlp-classes/positions-l3.arrow`. */
  readonly name: string;
  readonly table: TableName;
  /** Per-layer tables only: the hidden layer this file holds. */
  readonly layer?: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number;
}

export interface LayerInfo {
  readonly index: number;
  readonly name: string;
  readonly width: number;
}

export interface SnapshotInfo {
  readonly index: number;
  /** Progress in epochs: 0, 0.25, …, 1, 2, … */
  readonly epoch: number;
  /** Optimiser steps taken so far. */
  readonly step: number;
}

export interface ExperimentEntry {
  readonly kind: string;
  readonly title: string;
  readonly dataset: { readonly name: string; readonly classes: readonly string[]; readonly train: number; readonly test: number; readonly trace: number };
  readonly config: Record<string, unknown>;
  readonly configHash: string;
  readonly backend: string;
  readonly seed: number;
  readonly layers: readonly LayerInfo[];
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
