/**
 * Records an experiment's views, snapshot by snapshot and split by split (in any order),
 * and encodes them in the contract's sort order (split, snapshot, node), so one view is a
 * contiguous slice. Metric columns come from the metrics table spec, by name; each split may
 * have its own node count.
 */
import {
  metricColumns,
  quantiseCoordinate,
  quantiseWeight,
  type ColumnSpec,
  type TableSpec,
} from '../contract.ts';
import type { DisplayEdges } from '../graph/display-edges.ts';
import { encodeTable, type ColumnValues } from '../io/arrow.ts';

/** One split value (a hidden layer, a β) and the node ids of its views, ascending. */
export interface RecorderSplit {
  readonly index: number;
  readonly nodeIds: Int32Array;
}

/** One view as the view stage returns it, plus the per-node prediction. */
export interface RecordedView {
  readonly positions: Float32Array;
  /** Per view node: predicted class (-1 where it does not apply). */
  readonly predicted: Int8Array;
  readonly edges: DisplayEdges;
  /** The linear view (PCA), when the chain makes one. */
  readonly projection?: Float32Array;
}

/** An encoded file of a split table. */
export interface EncodedSplit {
  readonly split: number;
  readonly bytes: Uint8Array;
  readonly rows: number;
}

type TypedColumn = Int8Array | Int16Array | Int32Array | Float32Array;
const TYPED: Partial<Record<ColumnSpec['type'], new (n: number) => TypedColumn>> = {
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
};

/**
 * Encodes display edges of several views, given in (split, snapshot) order, as an EDGES-shaped
 * table. Edges index their view's nodes; `nodeIds` (ascending) turns those into node ids.
 */
export function encodeEdges(
  spec: TableSpec,
  views: readonly { split: number; snapshot: number; edges: DisplayEdges }[],
  nodeIds?: Int32Array,
): { bytes: Uint8Array; rows: number } {
  const rows = views.reduce((sum, v) => sum + v.edges.source.length, 0);
  const key = spec.splitBy ?? 'layer';
  // A float32 weight column stores the graph's weight as it is (e.g. an activation), else quantised.
  const raw = spec.columns.some((c) => c.name === 'weight' && c.type === 'float32');
  const columns = {
    [key]: new Int8Array(rows),
    snapshot: new Int16Array(rows),
    source: new Int32Array(rows),
    target: new Int32Array(rows),
    weight: raw ? new Float32Array(rows) : new Uint8Array(rows),
  };
  let r = 0;
  for (const { split, snapshot, edges } of views) {
    const m = edges.source.length;
    columns[key].fill(split, r, r + m);
    columns.snapshot.fill(snapshot, r, r + m);
    // View indices → node ids (ascending, so the order is kept); identity when the view holds every node.
    if (nodeIds) {
      for (let i = 0; i < m; i++) {
        columns.source[r + i] = nodeIds[edges.source[i]];
        columns.target[r + i] = nodeIds[edges.target[i]];
      }
    } else {
      columns.source.set(edges.source, r);
      columns.target.set(edges.target, r);
    }
    if (raw) columns.weight.set(edges.weight, r);
    else for (let i = 0; i < m; i++) columns.weight[r + i] = quantiseWeight(edges.weight[i]);
    r += m;
  }
  return { bytes: encodeTable(spec, columns), rows };
}

export class ViewRecorder {
  private readonly views: (RecordedView | undefined)[];
  private readonly metrics: (Record<string, number> | undefined)[];

  constructor(
    private readonly splits: readonly RecorderSplit[],
    private readonly snapshots: number,
  ) {
    // Filled with undefined, not holes: `some` and `filter` skip holes.
    this.views = new Array<RecordedView | undefined>(splits.length * snapshots).fill(undefined);
    this.metrics = new Array<Record<string, number> | undefined>(splits.length * snapshots).fill(
      undefined,
    );
  }

  private slot(split: number, snapshot: number): number {
    if (split < 0 || split >= this.splits.length || snapshot < 0 || snapshot >= this.snapshots) {
      throw new Error(
        `recorder: view (split ${split}, snapshot ${snapshot}) is outside ${this.splits.length}×${this.snapshots}`,
      );
    }
    return split * this.snapshots + snapshot;
  }

  /** Records a view; `split` is the position in the split list. */
  addView(split: number, snapshot: number, view: RecordedView): void {
    const n = this.splits[split]?.nodeIds.length ?? 0;
    if (view.positions.length !== 2 * n || view.predicted.length !== n) {
      throw new Error(
        `recorder: view (split ${split}, snapshot ${snapshot}) has ${view.positions.length / 2} positions and ${view.predicted.length} predictions for ${n} nodes`,
      );
    }
    this.views[this.slot(split, snapshot)] = view;
  }

  /** Records a view's metric values by metrics-table column name. */
  addMetrics(split: number, snapshot: number, values: Record<string, number>): void {
    this.metrics[this.slot(split, snapshot)] = values;
  }

  /** The recorded display edges of a view. */
  edgesOf(split: number, snapshot: number): DisplayEdges {
    const view = this.views[this.slot(split, snapshot)];
    if (!view) throw new Error(`recorder: no view (split ${split}, snapshot ${snapshot})`);
    return view.edges;
  }

  /** The recorded layout of a view. */
  layout(split: number, snapshot: number): Float32Array | undefined {
    return this.views[this.slot(split, snapshot)]?.positions;
  }

  private check(): void {
    const missing = this.views.findIndex((v, i) => !v || !this.metrics[i]);
    if (missing >= 0) {
      const filled = this.views.filter((v, i) => v && this.metrics[i]).length;
      throw new Error(
        `recorder: ${filled} of ${this.views.length} views were filled (first missing: split ${Math.floor(missing / this.snapshots)}, snapshot ${missing % this.snapshots})`,
      );
    }
  }

  /**
   * Layouts (or, with `field: 'projection'`, the linear views) encoded per split (one file
   * each), sorted by (snapshot, node), coordinates as int16; `predicted` when the spec has it.
   */
  encodedPositions(
    spec: TableSpec,
    field: 'positions' | 'projection' = 'positions',
  ): EncodedSplit[] {
    this.check();
    const key = spec.splitBy ?? 'layer';
    const withPredicted = spec.columns.some((c) => c.name === 'predicted');
    return this.splits.map(({ index, nodeIds }, s) => {
      const n = nodeIds.length;
      const rows = n * this.snapshots;
      const columns: Record<string, Int8Array | Int16Array | Int32Array> = {
        [key]: new Int8Array(rows).fill(index),
        snapshot: new Int16Array(rows),
        node: new Int32Array(rows),
        x: new Int16Array(rows),
        y: new Int16Array(rows),
      };
      const { snapshot, node, x, y } = columns as Record<'snapshot' | 'x' | 'y', Int16Array> & {
        node: Int32Array;
      };
      const predicted = new Int8Array(rows);
      for (let t = 0; t < this.snapshots; t++) {
        const view = this.views[this.slot(s, t)] as RecordedView;
        const xy = view[field];
        if (!xy) throw new Error(`recorder: view (split ${s}, snapshot ${t}) has no ${field}`);
        const start = t * n;
        snapshot.fill(t, start, start + n);
        node.set(nodeIds, start);
        predicted.set(view.predicted, start);
        for (let i = 0; i < n; i++) {
          x[start + i] = quantiseCoordinate(xy[2 * i]);
          y[start + i] = quantiseCoordinate(xy[2 * i + 1]);
        }
      }
      if (withPredicted) columns.predicted = predicted;
      return { split: index, bytes: encodeTable(spec, columns), rows };
    });
  }

  /** Display edges encoded per split (one file each), sorted by (snapshot, source, target). */
  encodedEdges(spec: TableSpec): EncodedSplit[] {
    this.check();
    return this.splits.map(({ index, nodeIds }, s) => {
      const views = Array.from({ length: this.snapshots }, (_, t) => ({
        split: index,
        snapshot: t,
        edges: (this.views[this.slot(s, t)] as RecordedView).edges,
      }));
      const identity = nodeIds.every((id, i) => id === i);
      return { split: index, ...encodeEdges(spec, views, identity ? undefined : nodeIds) };
    });
  }

  /** The metrics table's columns: keys from the recorder, every other column by name from the recorded values. */
  metricColumns(spec: TableSpec): Record<string, ColumnValues> {
    this.check();
    const rows = this.metrics as Record<string, number>[];
    const key = spec.splitBy ?? spec.axis ?? 'layer';
    const columns: Record<string, ColumnValues> = {
      [key]: Int8Array.from(rows, (_, v) => this.splits[Math.floor(v / this.snapshots)].index),
      snapshot: Int16Array.from(rows, (_, v) => v % this.snapshots),
    };
    for (const column of [...metricColumns(spec, 'snapshot'), ...metricColumns(spec, 'view')]) {
      const Ctor = TYPED[column.type];
      if (!Ctor)
        throw new Error(
          `recorder: metric column "${column.name}" has non-numeric type ${column.type}`,
        );
      // An optional column no view has a value for is left out of the file (never zero).
      if (column.optional && rows.every((row) => row[column.name] === undefined)) continue;
      const values = new Ctor(rows.length);
      rows.forEach((row, r) => {
        const value = row[column.name];
        if (value === undefined)
          throw new Error(
            `recorder: no value for metric column "${column.name}" (split ${Math.floor(r / this.snapshots)}, snapshot ${r % this.snapshots})`,
          );
        values[r] = value;
      });
      columns[column.name] = values;
    }
    return columns;
  }

  /** A recorded metric value. */
  metric(split: number, snapshot: number, column: string): number {
    const value = this.metrics[this.slot(split, snapshot)]?.[column];
    if (value === undefined)
      throw new Error(`recorder: no "${column}" for split ${split}, snapshot ${snapshot}`);
    return value;
  }
}
